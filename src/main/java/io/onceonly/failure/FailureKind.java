package io.onceonly.failure;

/** What a failure is about, which decides what the hub does next: refuse the record, wait, fail the route, or ask for a fix. */
public enum FailureKind {
    /**
     * The record is refused for good: sending it again will not help. A source rejects it (a reject event with the
     * reason) and publishes the rest; a sink dead-letters it and delivers the rest.
     */
    REFUSED,
    /**
     * The other system cannot take or give records now (down, overloaded, timed out, a transaction to be retried):
     * tried again with backoff, and the position is held, so nothing is skipped and no good record is dead-lettered.
     */
    UNAVAILABLE,
    /**
     * The hub's own fault: the route shows FAILED and the log has the stack; a person must look. Still tried again,
     * never a reason to skip or dead-letter a record.
     */
    BUG,
    /**
     * A resource, setting, credential or right must be fixed (a missing table, a refused login, an unknown key):
     * refused at apply time when it can be seen there; at run time retried like {@link #UNAVAILABLE}, with the
     * message saying what to fix, so the route resumes by itself once someone fixes it.
     */
    CONFIGURATION
}
