package io.onceonly.connector.file;

/** A whole file, or the rest of it, cannot be read; the message says what is wrong and how to fix it. */
public final class UnreadableFileException extends Exception implements io.onceonly.ops.LogSafe {
    // Thrown mid-file only where going on would mean guessing (a damaged zip, JSON broken between records);
    // the rows returned before it stay valid.

    public UnreadableFileException(String message) {
        super(message);
    }

    public UnreadableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
