package io.onceonly.delivery;

/**
 * A subscriber refused a record for a reason that sending it again will not fix (the receiver said 400, the
 * database said the value does not fit). The record goes to the subscription's dead letters; the rest flow.
 */
public final class PermanentDeliveryException extends Exception {
    public PermanentDeliveryException(String reason) {
        super(reason);
    }

    public PermanentDeliveryException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
