package io.onceonly.api;

/** The hub cannot take the request now (source paused, Kafka unreachable); nothing was published. */
public final class UnavailableException extends Exception {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
