package io.onceonly.delivery;

import java.io.IOException;

import io.onceonly.ops.LogSafe;

/**
 * A subscriber's system answered that it cannot take a batch now (a server error, a timeout, too many requests). Its
 * message names the endpoint and the status only: what the receiver said may quote the records.
 */
public final class SubscriberUnavailableException extends IOException implements LogSafe {
    public SubscriberUnavailableException(String message) {
        super(message);
    }
}
