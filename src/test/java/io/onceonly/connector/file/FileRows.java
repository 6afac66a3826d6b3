package io.onceonly.connector.file;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test support: write a file, read all its rows. */
final class FileRows {
    private FileRows() {
    }

    static Path write(Path dir, String name, String text, Charset charset) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(charset));
    }

    static Path write(Path dir, String name, byte[]... parts) throws IOException {
        Path file = dir.resolve(name);
        try (var out = Files.newOutputStream(file)) {
            for (byte[] part : parts) {
                out.write(part);
            }
        }
        return file;
    }

    static List<FileRow> readAll(Path file, Map<String, String> options) throws UnreadableFileException {
        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.from(options))) {
            return readAll(reader);
        }
    }

    static List<FileRow> readAll(RecordFileReader reader) throws UnreadableFileException {
        List<FileRow> rows = new ArrayList<>();
        for (FileRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }
}
