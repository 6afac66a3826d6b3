package io.onceonly.connector.file;

/** A reader of a text file (CSV, JSON Lines) through the strict decoder, which it closes when done. */
abstract class TextRecordReader implements RecordFileReader {
    final StrictDecoder in;
    final String fileName;
    final long maxRecordBytes;

    TextRecordReader(StrictDecoder in, String fileName, FileFormatOptions options) {
        this.in = in;
        this.fileName = fileName;
        this.maxRecordBytes = options.maxRecordBytes();
    }

    @Override
    public void close() {
        in.close();
    }
}
