package io.onceonly.connector.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.delivery.PermanentDeliveryException;
import io.onceonly.delivery.Sink;
import io.onceonly.ops.RedactedException;

/**
 * Writes a subscription's records to files for importers that read a folder: JSON Lines or CSV (UTF-8, or GBK for
 * legacy importers), one file per day and up to {@code maxBytes}.
 *
 * <p>Readers only ever see complete files: records are appended to {@code <name>.part}, and a file becomes
 * {@code <name>} by an atomic rename when it rolls (new day, size reached, {@code maxDelay} after its first record,
 * hub stopping). Redelivery never doubles
 * a line: after each batch a manifest (written by temp file and rename) records the part file's length and the
 * highest offset written per partition; on start the part file is cut back to that length, and records at or below
 * those offsets are skipped.
 */
public final class FileExportSink implements Sink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileExportSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file format and its encoding. */
    public enum Format {
        JSONL, CSV
    }

    private final Path dir;
    private final String name;
    private final Format format;
    private final Charset charset;
    private final boolean bom;
    private final long maxBytes;
    private final List<String> fields;
    private final java.time.Duration maxDelay;
    /** Whose calendar day names the files. */
    private final ZoneId zone;
    private final java.util.concurrent.ScheduledExecutorService roller;
    private Manifest manifest;
    /** When the open part file got its first line; it is completed at the latest maxDelay later. */
    private java.time.Instant partOpenedAt;

    /** What has been written: the open part file, its committed length, and the highest offset per partition. */
    private record Manifest(String day, int sequence, long length, Map<String, Long> offsets) {
    }

    /** The sink from the template's options, each bad value named with its fix. */
    public FileExportSink(Path dir, String subscription, Format format, Charset charset, boolean bom, long maxBytes,
                          java.time.Duration maxDelay, List<String> fields, ZoneId zone) {
        if (bom && !StandardCharsets.UTF_8.equals(charset)) {
            throw new IllegalArgumentException("File sink: a byte order mark only applies to utf-8, not " + charset + ".");
        }
        this.dir = dir;
        this.name = subscription;
        this.format = format;
        this.charset = charset;
        this.bom = bom;
        this.maxBytes = maxBytes;
        this.fields = List.copyOf(fields);
        this.maxDelay = maxDelay;
        this.zone = zone;
        // Records must not wait for the next batch, or the next day, to become visible to the importer.
        this.roller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "onceonly-file-roll-" + subscription);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(maxDelay.toMillis() / 2, 10_000));
        roller.scheduleWithFixedDelay(this::rollIfDue, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private synchronized void rollIfDue() {
        try {
            Manifest m = manifest();
            if (m.length() > 0 && partOpenedAt != null && !partOpenedAt.plus(maxDelay).isAfter(java.time.Instant.now())) {
                roll(m, m.day());
            }
        } catch (IOException e) {
            LOG.warn("File export {}: the open file could not be completed yet ({}); trying again shortly.", name,
                    RedactedException.describe(e));
        }
    }

    @Override
    public void write(List<DeliveryRecord> records) throws IOException, PermanentDeliveryException {
        append(records, false);
    }

    /** A dead letter is written even though its offset is behind what the manifest has seen. */
    @Override
    public void replay(List<DeliveryRecord> records) throws IOException, PermanentDeliveryException {
        append(records, true);
    }

    private synchronized void append(List<DeliveryRecord> records, boolean replay) throws IOException, PermanentDeliveryException {
        Manifest m = manifest();
        StringBuilder lines = new StringBuilder();
        Map<String, Long> offsets = new HashMap<>(m.offsets());
        int deletionsNotWritten = 0;
        for (DeliveryRecord r : records) {
            String partition = r.topic() + "/" + r.partition();
            if (!replay && r.offset() <= offsets.getOrDefault(partition, -1L)) {
                continue; // written before a crash or a redelivery: already in a file
            }
            offsets.put(partition, Math.max(r.offset(), offsets.getOrDefault(partition, -1L)));
            if (r.deletion() && format == Format.CSV) {
                deletionsNotWritten++;
            } else {
                lines.append(encodable(r, line(r)));
            }
        }
        if (deletionsNotWritten > 0) {
            LOG.warn("File export {}: {} deletion(s) not written; a CSV file has no way to say a record was deleted. "
                    + "Use format jsonl if the importer must learn of deletions.", name, deletionsNotWritten);
        }
        byte[] bytes = lines.toString().getBytes(charset);
        String today = LocalDate.now(zone).toString();
        if (m.length() > 0 && (!today.equals(m.day()) || m.length() + bytes.length > maxBytes)) {
            m = roll(m, today);
        } else if (m.length() == 0 && !today.equals(m.day())) {
            m = new Manifest(today, m.sequence(), 0, m.offsets());
        }
        long length = m.length();
        if (bytes.length > 0 && length == 0) {
            partOpenedAt = java.time.Instant.now();
        }
        if (bytes.length > 0) {
            Path part = part(m);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.position(length);
                if (length == 0) {
                    length += writeFully(ch, header());
                }
                length += writeFully(ch, bytes);
                ch.force(true);
            }
        }
        save(new Manifest(m.day(), m.sequence(), length, offsets));
    }

    /** Completes the open file so importers see it; called when the hub stops. */
    @Override
    public synchronized void close() {
        roller.shutdownNow();
        try {
            Manifest m = manifest();
            if (m.length() > 0) {
                roll(m, m.day());
            }
        } catch (IOException e) {
            // the part file stays and is completed on the next start; nothing is lost
        }
    }

    private Manifest roll(Manifest m, String day) throws IOException {
        Path part = part(m);
        if (Files.exists(part)) {
            Files.move(part, complete(m), StandardCopyOption.ATOMIC_MOVE);
        }
        int next = day.equals(m.day()) ? m.sequence() + 1 : 1;
        Manifest rolled = new Manifest(day, next, 0, m.offsets());
        save(rolled);
        partOpenedAt = null;
        return rolled;
    }

    private Manifest manifest() throws IOException {
        if (manifest != null) {
            return manifest;
        }
        Files.createDirectories(dir);
        Path file = manifestFile();
        Manifest m = Files.exists(file) ? JSON.readValue(file.toFile(), Manifest.class)
                : new Manifest(LocalDate.now(zone).toString(), 1, 0, Map.of());
        Path part = part(m);
        if (Files.exists(part) && Files.size(part) > m.length()) {
            // Bytes written after the last manifest belong to a batch that was never committed: it comes again.
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.truncate(m.length());
            }
        } else if (Files.exists(part) && m.length() > 0) {
            partOpenedAt = Files.getLastModifiedTime(part).toInstant(); // left open by the previous run
        } else if (!Files.exists(part) && m.length() > 0 && Files.exists(complete(m))) {
            // Rolled just before a crash, manifest not yet updated.
            m = new Manifest(m.day(), m.sequence() + 1, 0, m.offsets());
        }
        manifest = m;
        return m;
    }

    private void save(Manifest m) throws IOException {
        Path tmp = dir.resolve(manifestFile().getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(m));
        Files.move(tmp, manifestFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        manifest = m;
    }

    /** One manifest per subscription, so several subscriptions may share a folder. */
    private Path manifestFile() {
        return dir.resolve("." + name + ".manifest.json");
    }

    private Path complete(Manifest m) {
        return dir.resolve(String.format("%s-%s-%04d.%s", name, m.day(), m.sequence(), format == Format.CSV ? "csv" : "jsonl"));
    }

    private Path part(Manifest m) {
        return dir.resolve(complete(m).getFileName() + ".part");
    }

    private byte[] header() {
        if (format == Format.JSONL) {
            return new byte[0];
        }
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            h.append(i == 0 ? "" : ",").append(csv(fields.get(i)));
        }
        byte[] text = h.append("\r\n").toString().getBytes(charset);
        if (!bom) {
            return text;
        }
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        return withBom;
    }

    /** A record GBK cannot hold is refused, not written with '?' in place of what it could not encode. */
    private String encodable(DeliveryRecord r, String line) throws PermanentDeliveryException {
        if (charset.newEncoder().canEncode(line)) {
            return line;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.data().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!charset.newEncoder().canEncode(field.getValue().asText())) {
                throw new PermanentDeliveryException("Record " + r.key() + ": field " + field.getKey() + " has a character "
                        + charset.name() + " cannot hold. Export this subscription in utf-8, or correct the value at its source.");
            }
        }
        throw new PermanentDeliveryException("Record " + r.key() + " has a character " + charset.name() + " cannot hold.");
    }

    private String line(DeliveryRecord r) throws IOException {
        if (format == Format.JSONL) {
            ObjectNode line = JSON.createObjectNode();
            line.put("_key", r.key());
            if (r.deletion()) {
                return JSON.writeValueAsString(line.put("_deleted", true)) + "\n";
            }
            line.put("_id", r.event() == null ? null : r.event().getId());
            line.put("_time", r.event() == null || r.event().getTime() == null ? null : r.event().getTime().toString());
            line.setAll(r.data());
            return JSON.writeValueAsString(line) + "\n";
        }
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            JsonNode v = r.data().get(fields.get(i));
            row.append(i == 0 ? "" : ",").append(v == null || v.isNull() ? "" : csv(v.isTextual() ? v.asText() : v.toString()));
        }
        return row.append("\r\n").toString();
    }

    /** RFC 4180: quote fields holding a comma, a quote or a line break; double the quotes inside. */
    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static int writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
        return bytes.length;
    }
}
