package io.onceonly.connector.file;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SinkConnector;

/** Sink type file: writes the records to files in a folder (JSON Lines or CSV, UTF-8 or GBK). */
public final class FileExportSinkConnector extends SinkConnector {
    /** sink-file: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("file",
            "Writes JSON Lines or CSV files, one per day and up to maxBytes; a file appears under its final name only "
                    + "when complete (atomic rename), and a redelivered batch never adds a line twice.",
            List.of(
                ConnectorOption.required("dir", OptionKind.FILE_PATH,
                        "Folder the files are written to, for example /srv/exchange/culture-bureau."),
                ConnectorOption.choice("format", List.of("jsonl", "csv"),
                        "jsonl (one JSON object per line, with _key, _id and _time) or csv (a header row, then one row "
                                + "per record)."),
                ConnectorOption.text("encoding", "utf-8", OptionKind.PLAIN,
                        "utf-8, or gbk (GB18030 compatible) for importers that expect it."),
                ConnectorOption.bool("bom", false,
                        "Start each UTF-8 CSV file with a byte order mark, for spreadsheet programs that need one "
                                + "(true or false)."),
                ConnectorOption.integer("maxBytes", 67108864L, 1,
                        "A file is completed and the next one begun before it would grow past this many bytes."),
                ConnectorOption.duration("maxDelay", "1m",
                        "The longest a record waits in the open file before the file is completed and visible to "
                                + "importers.")));

    public FileExportSinkConnector() {
        super(DECLARATION);
    }

    @Override
    public List<Problem> check(String path, ConnectorOptions options) {
        List<Problem> problems = new ArrayList<>();
        Charset charset = charset(options.text("encoding"));
        if (charset == null) {
            problems.add(Problem.of(path + ".encoding", "is not a known encoding", options.text("encoding"),
                    "Use utf-8, or gbk for importers that expect it."));
        } else if (options.text("bom").equalsIgnoreCase("true") && !StandardCharsets.UTF_8.equals(charset)) {
            problems.add(Problem.of(path + ".bom", "applies to utf-8 only, not to " + options.text("encoding"), "true",
                    "Remove bom, or use encoding: utf-8."));
        }
        return problems;
    }

    @Override
    public Sink sink(Context context, ConnectorOptions options) {
        FileExportSink.Format format = FileExportSink.Format.valueOf(options.text("format").toUpperCase(Locale.ROOT));
        Charset charset = charset(options.text("encoding"));
        if (charset == null) {
            throw new IllegalArgumentException("File sink encoding '" + options.text("encoding")
                    + "' is not known; use utf-8 or gbk.");
        }
        return new FileExportSink(Path.of(options.text("dir")), context.subscription(), format, charset,
                options.bool("bom"), options.number("maxBytes"), options.duration("maxDelay"), context.fields(), context.zone());
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
