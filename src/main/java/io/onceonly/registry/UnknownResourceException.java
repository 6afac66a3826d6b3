package io.onceonly.registry;

/** A request named a resource the registry does not hold (never applied, or deleted meanwhile). */
public final class UnknownResourceException extends IllegalArgumentException {
    public UnknownResourceException(String message) {
        super(message);
    }
}
