package io.onceonly.connector.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;

/** Decodes a text file in the encoding its byte order mark or first 64 KiB point to, never replacing a bad byte. */
final class StrictDecoder implements Closeable {
    // Bytes that do not decode come out as MALFORMED, so the row holding them becomes a problem row instead of
    // carrying a U+FFFD into the shared data.

    static final int END = -1;
    static final int MALFORMED = -2;
    static final int SNIFF_BYTES = 64 * 1024;
    private static final Charset GB18030 = Charset.forName("GB18030");

    private final InputStream in;
    private final Charset charset;
    private final String description;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes;
    private final char[] chars = new char[8192];
    private final CharBuffer charBuffer = CharBuffer.wrap(chars);
    private int pos;
    private int limit;
    private boolean eof;
    private boolean flushed;
    private boolean malformedPending;
    private String pendingBytes;
    private String malformedBytes;

    private StrictDecoder(InputStream in, Charset charset, String description, ByteBuffer head, boolean eof) {
        this.in = in;
        this.charset = charset;
        this.description = description;
        this.decoder = strict(charset);
        this.bytes = head;
        this.eof = eof;
    }

    /** Reads the first 64 KiB to settle the encoding; {@code encoding} is an option value (auto, utf-8, gbk, gb18030). */
    static StrictDecoder open(InputStream in, String encoding, String fileName) throws IOException, UnreadableFileException {
        byte[] head = in.readNBytes(SNIFF_BYTES);
        boolean whole = head.length < SNIFF_BYTES;
        Bom bom = Bom.of(head);
        refuseBinary(head, bom, fileName);

        Charset charset;
        String description;
        if (bom != null) {
            Charset asked = named(encoding);
            if (asked != null && !asked.equals(bom.charset)) {
                throw new UnreadableFileException("File starts with a " + bom.charset.name() + " byte order mark but "
                        + "encoding is set to " + encoding + ": '" + fileName + "'. Set encoding: auto, or save the file "
                        + "again in " + encoding.toUpperCase(Locale.ROOT) + ".");
            }
            charset = bom.charset;
            description = charset.name() + " with BOM";
        } else if (!encoding.equals("auto")) {
            charset = named(encoding);
            description = charset.name();
        } else if (decodes(head, whole, StandardCharsets.UTF_8)) {
            charset = StandardCharsets.UTF_8;
            description = "UTF-8";
        } else if (decodes(head, whole, GB18030)) {
            charset = GB18030;
            description = "GB18030";
        } else {
            throw new UnreadableFileException("File is neither UTF-8 nor GBK/GB18030 text in its first 64 KiB: '"
                    + fileName + "'. Save it as UTF-8 (in Excel: CSV UTF-8), or set the encoding it was saved in.");
        }
        ByteBuffer buffer = ByteBuffer.allocate(SNIFF_BYTES);
        buffer.put(head).flip();
        buffer.position(bom == null ? 0 : bom.length);
        return new StrictDecoder(in, charset, description, buffer, whole);
    }

    /** For the report: "UTF-8", "UTF-8 with BOM", "GB18030". */
    String description() {
        return description;
    }

    /** The next character, {@link #END}, or {@link #MALFORMED} in place of bytes that are not valid text. */
    int read() throws IOException {
        while (true) {
            if (pos < limit) {
                return chars[pos++];
            }
            int signal = refill();
            if (signal != 0) {
                return signal;
            }
        }
    }

    /** Once the decoded characters are used up: MALFORMED for bytes that did not decode, END at the end, else 0 with more. */
    private int refill() throws IOException {
        if (malformedPending) {
            malformedPending = false;
            malformedBytes = pendingBytes;
            return MALFORMED;
        }
        return fill() ? 0 : END;
    }

    /** Copies characters up to the next malformed bytes or the end of what is decoded; -1 at the end. */
    int read(char[] target, int offset, int length) throws IOException {
        while (true) {
            if (pos < limit) {
                int n = Math.min(length, limit - pos);
                System.arraycopy(chars, pos, target, offset, n);
                pos += n;
                return n;
            }
            int signal = refill();
            if (signal != 0) {
                return signal;
            }
        }
    }

    /** The problem text for the bytes behind the last {@link #MALFORMED}: "Line 12 has bytes that are not valid UTF-8: 'C7 EB'. ...". */
    String invalidBytesProblem(String what) {
        return invalidBytesProblem(what, malformedBytes);
    }

    String invalidBytesProblem(String what, String hexBytes) {
        String fix = charset.equals(StandardCharsets.UTF_8)
                ? "Save the file as UTF-8 or set encoding: gbk."
                : charset.name().startsWith("UTF-16")
                ? "Save the file as UTF-8."
                : "Save the file as UTF-8, or set encoding: utf-8 if it was saved as UTF-8.";
        return what + " has bytes that are not valid " + charset.name() + ": '" + hexBytes + "'. " + fix;
    }

    String malformedBytes() {
        return malformedBytes;
    }

    /**
     * A reader for parsers that must see every character (Jackson): malformed bytes become U+FFFF, a noncharacter no
     * export writes, and their hex goes into {@code undecodable} in order, so the record holding them is refused.
     */
    Reader asReader(Deque<String> undecodable) {
        return new Reader() {
            @Override
            public int read(char[] target, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                int n = StrictDecoder.this.read(target, offset, length);
                if (n == MALFORMED) {
                    undecodable.addLast(malformedBytes);
                    target[offset] = '\uFFFF';
                    return 1;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                StrictDecoder.this.close();
            }
        };
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was written; a failed close of a file we only read loses nothing.
        }
    }

    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        charBuffer.clear();
        while (true) {
            CoderResult result = decoder.decode(bytes, charBuffer, eof);
            if (result.isError()) {
                pendingBytes = hex(bytes, result.length());
                bytes.position(bytes.position() + result.length());
                malformedPending = true;
                break;
            }
            if (result.isOverflow() || charBuffer.position() > 0) {
                break;
            }
            if (eof) {
                decoder.flush(charBuffer);
                flushed = true;
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        pos = 0;
        limit = charBuffer.position();
        return limit > 0 || malformedPending;
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Whether the bytes decode; when more follow, a character cut at the end is fine (its rest is in the next block). */
    private static boolean decodes(byte[] head, boolean whole, Charset charset) {
        CharBuffer out = CharBuffer.allocate(head.length + 1);
        CoderResult result = strict(charset).decode(ByteBuffer.wrap(head), out, whole);
        return !result.isError();
    }

    private static Charset named(String encoding) {
        return switch (encoding) {
            case "utf-8" -> StandardCharsets.UTF_8;
            case "gbk" -> Charset.forName("GBK");
            case "gb18030" -> GB18030;
            default -> null;
        };
    }

    private static void refuseBinary(byte[] head, Bom bom, String fileName) throws UnreadableFileException {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            throw new UnreadableFileException("File is a zip archive, not text: '" + fileName + "'. If it is an Excel "
                    + "workbook, name it .xlsx or set format: xlsx.");
        }
        if (head.length >= 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && head[2] == 0x11
                && (head[3] & 0xFF) == 0xE0) {
            throw new UnreadableFileException("File is an old Excel .xls workbook, not text: '" + fileName
                    + "'. Open it in Excel or WPS and save it as .xlsx or as CSV UTF-8.");
        }
        if (bom != null && bom.charset.name().startsWith("UTF-16")) {
            return;
        }
        for (byte b : head) {
            if (b == 0) {
                throw new UnreadableFileException("File holds NUL bytes, so it is not CSV or JSON text: '" + fileName
                        + "'. If it is UTF-16 text without a byte order mark, save it as UTF-8.");
            }
        }
    }

    private static String hex(ByteBuffer buffer, int length) {
        StringBuilder s = new StringBuilder();
        int shown = Math.min(length, 4);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(String.format("%02X", buffer.get(buffer.position() + i) & 0xFF));
        }
        return length > shown ? s.append(" ...").toString() : s.toString();
    }

    /** Byte order marks, which settle the encoding before any guessing. */
    private record Bom(Charset charset, int length) {
        static Bom of(byte[] head) {
            if (starts(head, 0xEF, 0xBB, 0xBF)) {
                return new Bom(StandardCharsets.UTF_8, 3);
            }
            if (starts(head, 0x84, 0x31, 0x95, 0x33)) {
                return new Bom(GB18030, 4);
            }
            if (starts(head, 0xFF, 0xFE)) {
                return new Bom(StandardCharsets.UTF_16LE, 2);
            }
            if (starts(head, 0xFE, 0xFF)) {
                return new Bom(StandardCharsets.UTF_16BE, 2);
            }
            return null;
        }

        private static boolean starts(byte[] head, int... prefix) {
            if (head.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((head[i] & 0xFF) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
