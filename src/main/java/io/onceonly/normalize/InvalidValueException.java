package io.onceonly.normalize;

/** A raw value that a domain type cannot turn into its canonical form; the message says why, without the field name. */
public class InvalidValueException extends Exception {
    public InvalidValueException(String reason) {
        super(reason);
    }
}
