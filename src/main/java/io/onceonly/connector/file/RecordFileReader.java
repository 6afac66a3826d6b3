package io.onceonly.connector.file;

/** The rows of one file in order; holds one row at a time, never the whole file (Excel's shared strings aside). */
public interface RecordFileReader extends AutoCloseable {
    /**
     * The next row, or {@code null} at the end of the file. A row that cannot be read comes back as a problem row
     * and reading goes on; {@link UnreadableFileException} means the rest of the file cannot be read.
     */
    FileRow next() throws UnreadableFileException;

    /** What was found out about the file, for the report: for example "CSV, GB18030, delimiter ','". */
    String description();

    @Override
    void close();
}
