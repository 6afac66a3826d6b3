package io.onceonly.normalize;

/** A raw value that is not one of the codes in its field's code list; the message lists them. */
public final class UnknownCodeException extends InvalidValueException {
    public UnknownCodeException(String reason) {
        super(reason);
    }
}
