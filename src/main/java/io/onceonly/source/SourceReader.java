package io.onceonly.source;

/**
 * Reads a department system in batches from a stored position onward: one implementation per pulled connector
 * type. A reader that reads the whole data set each time (a snapshot) marks the batch that ends it, so records it
 * no longer holds can be published as deletions.
 */
public interface SourceReader extends AutoCloseable {

    /** Up to {@code max} records after {@code after} (from the start when null). */
    RawBatch read(SourcePosition after, int max) throws Exception;

    /**
     * Whether what a read returns depends on {@code after} alone, with no state of the reader's own (a snapshot or
     * a page under way). Then the next batch may be read and normalized while the previous one's transaction is
     * still committing, and read again from the committed position should that transaction fail.
     */
    default boolean resumesFromPositionAlone() {
        return false;
    }

    @Override
    void close();
}
