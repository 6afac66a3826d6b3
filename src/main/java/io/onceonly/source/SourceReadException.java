package io.onceonly.source;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A department system could not be read this time. The source route retries with backoff and commits nothing, so
 * the same records are read again later; {@link #notBefore} says when the system asked not to be called before.
 */
public class SourceReadException extends IOException {
    private final Instant notBefore;

    public SourceReadException(String message) {
        this(message, null, null);
    }

    public SourceReadException(String message, Instant notBefore, Throwable cause) {
        super(message, cause);
        this.notBefore = notBefore;
    }

    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }
}
