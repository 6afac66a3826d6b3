package io.onceonly.connector.file;

/** The size of a record as the hub measures it against maxRecordBytes: its text in UTF-8, whatever the file's encoding. */
final class RecordSize {
    private RecordSize() {
    }

    /** UTF-8 bytes of one char; each half of a surrogate pair counts 2, the pair 4. */
    static int utf8Bytes(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate((char) c) ? 2 : 3;
    }

    static long utf8Bytes(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += utf8Bytes(s.charAt(i));
        }
        return n;
    }
}
