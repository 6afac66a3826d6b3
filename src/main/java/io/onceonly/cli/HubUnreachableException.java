package io.onceonly.cli;

/** The hub did not answer: not running, another address, or the network; the command exits with code 3. */
final class HubUnreachableException extends RuntimeException {
    HubUnreachableException(String message) {
        super(message);
    }
}
