package io.onceonly.connector.file;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.file.FileFormatOptions;
import io.onceonly.connector.file.FileRow;
import io.onceonly.connector.file.RecordFileReader;
import io.onceonly.connector.file.RecordFiles;
import io.onceonly.connector.file.UnreadableFileException;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.ops.RedactedException;
import io.onceonly.source.NormalizedBatch;
import io.onceonly.source.PublishReport;
import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePipeline;
import io.onceonly.source.SourcePosition;

/**
 * A file dropped in a source's folder: streamed row by row and published batch by batch, each batch with the
 * file's position so a restart resumes after the last committed row; then a report beside the file in done/ (read,
 * published, unchanged, rejected with line numbers and reasons), or in failed/ with why. In {@code mode: full-refresh} the
 * file is the department's whole data set (the monthly export): entities it no longer lists are deleted.
 */
public final class FileIntake {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The report lists this many rejects in full; the counts cover them all. */
    private static final int REJECTS_IN_REPORT = 200;

    private final SourcePipeline pipeline;
    private final FileFormatOptions format;
    private final boolean full;
    private final Path folder;
    private final long maxFileBytes;

    FileIntake(SourcePipeline pipeline, FileFormatOptions format, boolean full, Path folder, long maxFileBytes) {
        this.pipeline = pipeline;
        this.format = format;
        this.full = full;
        this.folder = folder;
        this.maxFileBytes = maxFileBytes;
    }

    /** What the declaration cannot tell by each option alone: the format options together, a remote uri's work folder. */
    static List<Problem> problems(ConnectorOptions options) {
        List<Problem> problems = new ArrayList<>();
        try {
            FileFormatOptions.from(options.values());
        } catch (ConfigurationException e) {
            problems.addAll(e.findings());
        }
        String uri = options.text("uri");
        if (!uri.isEmpty() && !uri.startsWith("file:") && !uri.contains("localWorkDirectory=")) {
            problems.add(new Problem("spec.from.uri", "has no localWorkDirectory", null, "Add localWorkDirectory=<a local "
                    + "folder> to the URI, so a file is downloaded to disk and read from there instead of held in "
                    + "memory."));
        }
        return problems;
    }

    static FileIntake of(SourcePipeline pipeline, ConnectorOptions options) {
        List<Problem> problems = problems(options);
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Source " + pipeline.name() + " has bad file options", problems);
        }
        return new FileIntake(pipeline, FileFormatOptions.from(options.values()),
                options.fullRefresh(), Path.of(options.text("dir")), options.number("maxFileBytes"));
    }

    /**
     * Reads and publishes one file; writes its report to {@code done/<storedName>.report.json}, or to failed/ when the
     * file itself cannot be read to its end. The report's {@code status} (done or failed) is the folder the route
     * moves the file to. Any other failure (Kafka down, a timeout) is thrown: the route then leaves the file where it
     * is, and the next poll takes it again from the last committed row. Moving it to failed/ would blame the file
     * for the hub's outage and leave its rows unpublished.
     */
    public Map<String, Object> ingest(File file, String storedName) throws RedactedException, IOException {
        if (file == null) {
            pipeline.process(RawBatch.incremental(List.of(), false)); // the folder was looked at and is empty
            return Map.of();
        }
        Path path = file.toPath();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", file.getName());
        report.put("storedAs", storedName);
        report.put("startedAt", Instant.now().toString());
        Totals totals = new Totals();
        String unsafe = DroppedFileNames.unsafeCharacter(file.getName());
        if (unsafe != null) {
            return failed(report, totals, storedName, new UnreadableFileException("File name has a control or invisible "
                    + "character, " + unsafe + ": '" + storedName + "' (as stored, with it written as %XX). The file is "
                    + "not read. Rename it without line breaks or control characters and drop it again."));
        }
        long size = Files.size(path);
        if (size > maxFileBytes) {
            return failed(report, totals, storedName, new UnreadableFileException("File is larger than maxFileBytes, "
                    + maxFileBytes + " bytes: '" + size + "'. The file is not read. Split the export into several files, "
                    + "or raise spec.from.maxFileBytes."));
        }
        String fingerprint = size + "@" + Files.getLastModifiedTime(path).toMillis();
        // Resume after the last committed row of this same file; a full file is read whole again, since deletions
        // can only be decided from all of it (rows read again are unchanged and not published twice).
        SourcePosition at = pipeline.position();
        long skip = !full && at != null && file.getName().equals(at.get("file")) && fingerprint.equals(at.get("fingerprint"))
                ? Long.parseLong(at.get("record")) : 0;
        try (RecordFileReader reader = RecordFiles.open(path, format)) {
            report.put("format", reader.description());
            List<RawRecord> batch = new ArrayList<>();
            long index = 0;
            FileRow row;
            while ((row = reader.next()) != null) {
                index++;
                if (index <= skip) {
                    continue;
                }
                batch.add(record(file.getName(), fingerprint, index, row));
                if (batch.size() == pipeline.batchSize()) {
                    totals.add(pipeline.process(new RawBatch(batch, true, false)));
                    batch = new ArrayList<>();
                }
            }
            // The end of a full file ends the snapshot, unless it held no usable row: an empty export is far more
            // often a mistake than a department that no longer has any records.
            boolean endsSnapshot = full && (totals.accepted + batch.stream().filter(r -> r.unreadable() == null).count()) > 0;
            totals.add(pipeline.process(new RawBatch(batch, false, endsSnapshot)));
            if (full && !endsSnapshot) {
                report.put("note", "The file has no usable record, so nothing was treated as deleted.");
            }
            report.put("resumedAfterRecord", skip);
            report.put("status", "done");
            write(report, totals, "done", storedName);
            return report;
        } catch (UnreadableFileException e) {
            pipeline.abandonSnapshot();
            return failed(report, totals, storedName, e);
        } catch (RedactedException | RuntimeException e) {
            pipeline.abandonSnapshot(); // a full file is read whole again next time
            throw e;
        }
    }

    /**
     * The name under which the route stores the file in done/ or failed/ (see {@link DroppedFileNames}); null for the
     * empty look at a folder with no file.
     */
    public String storedName(String fileName) {
        return fileName == null ? null
                : DroppedFileNames.stored(fileName, java.time.LocalDateTime.now(pipeline.zone()));
    }

    /** Writes the report to failed/; its status tells the route to move the file there. */
    private Map<String, Object> failed(Map<String, Object> report, Totals totals, String storedName,
                                       UnreadableFileException why) throws IOException {
        report.put("status", "failed");
        report.put("reason", why.getMessage());
        write(report, totals, "failed", storedName);
        return report;
    }

    private static RawRecord record(String fileName, String fingerprint, long index, FileRow row) {
        SourcePosition position = SourcePosition.of(Map.of("file", fileName, "fingerprint", fingerprint,
                "record", Long.toString(index)));
        String id = fileName + ":" + row.position();
        return row.ok() ? new RawRecord(id, row.columns(), position)
                : RawRecord.unreadable(id, position, new RecordMapper.Rejection("(row " + row.position() + ")", "",
                row.problem(), "unreadable"));
    }

    /** What the file's batches did, and the first rejects with their place in the file. */
    private static final class Totals {
        long read;
        long published;
        long unchanged;
        long rejected;
        long deleted;
        long accepted;
        final List<Map<String, Object>> rejects = new ArrayList<>();

        void add(SourcePipeline.Processed processed) {
            PublishReport r = processed.report();
            read += r.read();
            published += r.published();
            unchanged += r.unchanged();
            rejected += r.rejected();
            deleted += r.deleted();
            accepted += r.published() + r.unchanged();
            for (NormalizedBatch.Reject reject : processed.batch().rejected()) {
                if (rejects.size() < REJECTS_IN_REPORT) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("record", reject.raw().sourceRecordId());
                    item.put("reasons", reject.problems().stream().map(RecordMapper.Rejection::message).toList());
                    rejects.add(item);
                }
            }
        }
    }

    private void write(Map<String, Object> report, Totals totals, String outcome, String storedName) throws IOException {
        report.put("read", totals.read);
        report.put("published", totals.published);
        report.put("unchanged", totals.unchanged);
        report.put("rejected", totals.rejected);
        report.put("deleted", totals.deleted);
        report.put("rejects", totals.rejects);
        report.put("finishedAt", Instant.now().toString());
        Path dir = folder.resolve(outcome);
        Files.createDirectories(dir);
        Path target = dir.resolve(storedName + ".report.json");
        Path part = dir.resolve(storedName + ".report.json.part");
        Files.write(part, JSON.writeValueAsBytes(report));
        Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
