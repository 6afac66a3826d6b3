package io.onceonly.connector.file;

import java.util.List;
import java.util.Map;

import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.source.SourceConnector;
import io.onceonly.source.SourcePipeline;

/** Source type file: a folder, or a file-like Camel endpoint, where a department drops its exports. */
public final class FileSourceConnector extends SourceConnector {
    /** source-file: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("file",
            "Watches a folder. A file is taken once it has stopped changing (so one still being copied is left alone), "
                    + "read row by row (a 1 GB file does not need 1 GB of memory), and published batch by batch with "
                    + "its position, so a restart resumes after the last committed row. Then it moves to done/ beside "
                    + "a report (read, published, unchanged, rejected with line numbers and reasons), or to failed/ "
                    + "with a report that says why. Encoding (UTF-8 with or without BOM, GBK/GB18030), delimiter and "
                    + "format are detected unless given.",
            List.of(
                ConnectorOption.required("dir", OptionKind.FILE_PATH,
                        "The folder to watch, for example /srv/drop/township-a or \"{{env:TOWNSHIP_A_DROP}}\"; done/ "
                                + "and failed/ are made inside it. With a uri, the local folder where the reports are "
                                + "written."),
                ConnectorOption.text("uri", "", OptionKind.CAMEL_URI,
                        "A file-like Camel endpoint to take the files from instead of dir, such as "
                                + "\"ftp://dept@ftp.township-c/out?password={{env:FTP_PASSWORD}}&binary=true&passiveMode=true&ftpClient.controlEncoding=UTF-8&localWorkDirectory=/var/lib/onceonly/work\" "
                                + "or the same with sftp://. localWorkDirectory is required, so a large file streams "
                                + "from disk; on the server the file moves to done/ or failed/ beside it, and its "
                                + "report is written to dir. FTP servers that send Chinese file names need "
                                + "ftpClient.controlEncoding (UTF-8, or GBK for older servers). Empty: the folder dir."),
                ConnectorOption.text("include", "(?s).*\\.(csv|CSV|txt|tsv|xlsx|XLSX|json|jsonl|ndjson)", OptionKind.PLAIN,
                        "Regular expression of the file names to take; others are left alone. (?s) lets a name with a "
                                + "line break match, so it is taken and refused into failed/ with a report instead of "
                                + "lying in the folder unnoticed."),
                ConnectorOption.mode(
                        "incremental (each file adds or changes records) or full-refresh (each file is the whole data "
                                + "set, like a monthly export: records it no longer lists become deletions; a file "
                                + "with no usable record deletes nothing). The older word full still works as "
                                + "full-refresh, and is logged as deprecated.").withAlias("full", "full-refresh"),
                ConnectorOption.choice("format", List.of("auto", "csv", "xlsx", "json", "jsonl"),
                        "auto (by file extension), csv, xlsx, json or jsonl."),
                ConnectorOption.choice("encoding", List.of("auto", "utf-8", "gbk", "gb18030"),
                        "auto (byte order mark, else UTF-8 when valid, else GB18030), utf-8, gbk or gb18030. Decoding "
                                + "is strict; bad bytes reject their row."),
                ConnectorOption.text("delimiter", "auto", OptionKind.PLAIN,
                        "CSV delimiter; auto picks the most frequent of , ; tab | in the header line."),
                ConnectorOption.bool("header", true,
                        "Whether the first row names the columns; without one they are named A, B, C... as in Excel."),
                ConnectorOption.text("sheet", "", OptionKind.PLAIN,
                        "Excel sheet to read, by name; empty for the first."),
                ConnectorOption.text("recordsPointer", "", OptionKind.PLAIN,
                        "JSON Pointer to the array of records in a JSON file (for example /data/items); empty when the "
                                + "file is the array."),
                ConnectorOption.integer("maxRecordBytes", 1048576L, 1,
                        "A row larger than this is rejected instead of read."),
                ConnectorOption.integer("maxFileBytes", 1073741824L, 1,
                        "A file larger than this is not read; it moves to failed/ with a report saying so. 1 GiB by "
                                + "default."),
                ConnectorOption.duration("settle", "2s",
                        "How long a file must stay unchanged before it is taken.").orZero(),
                ConnectorOption.every("10s", "Time between looks at the folder.")));

    public FileSourceConnector() {
        super(DECLARATION);
    }

    @Override
    public List<io.onceonly.config.Problem> check(String path, ConnectorOptions options) {
        return FileIntake.problems(options);
    }

    @Override
    public boolean snapshots(ConnectorOptions options) {
        return options.fullRefresh();
    }

    @Override
    public Object routeBean(SourcePipeline pipeline, ConnectorOptions options) {
        return FileIntake.of(pipeline, options);
    }

    /** Without a uri the route watches the folder dir itself. */
    @Override
    public Map<String, String> templateParameters(ConnectorOptions options) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>(options.values());
        if (options.text("uri").isEmpty()) {
            parameters.put("uri", "file:" + options.text("dir"));
        }
        return parameters;
    }
}
