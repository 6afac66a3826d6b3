package io.onceonly.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;

/**
 * End to end: N rows in a PostgreSQL source table reach a PostgreSQL upsert, a MariaDB upsert and a webhook through
 * a real hub. Ceilings in the same run: PostgreSQL COPY of the same rows into one table, and the status quo, a plain
 * JDBC program that copies the table straight into the three sinks with batched inserts.
 */
final class EndToEndScenario {
    static final int CHIMNEY_BATCH = 1000;
    /** Batched inserts rewritten into multi-row INSERTs: what a competent plain JDBC program turns on. */
    static final String PG_SINK_URL = BenchContext.POSTGRES_URL + "&reWriteBatchedInserts=true";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(double copyRate, double chimneyRate, double hubRate, double hubWebhookSeconds,
                   double hubPostgresSeconds, double hubMariaDbSeconds) {
    }

    private EndToEndScenario() {
    }

    static void report(BenchContext ctx, Results results, long rows, int runs) throws Exception {
        Path csv = csvFile(ctx, rows);
        List<Double> copy = new ArrayList<>();
        List<Double> chimney = new ArrayList<>();
        List<Double> hub = new ArrayList<>();
        List<Double> webhook = new ArrayList<>();
        List<Double> postgres = new ArrayList<>();
        List<Double> mariadb = new ArrayList<>();
        try (BenchWebhookReceiver receiver = new BenchWebhookReceiver((int) rows)) {
            for (int run = 1; run <= runs; run++) {
                Outcome o = run(ctx, receiver, csv, rows);
                copy.add(o.copyRate());
                chimney.add(o.chimneyRate());
                hub.add(o.hubRate());
                webhook.add(o.hubWebhookSeconds());
                postgres.add(o.hubPostgresSeconds());
                mariadb.add(o.hubMariaDbSeconds());
                System.out.printf("e2e run %d: COPY %.0f rows/s, chimney %.0f rows/s, hub %.0f rows/s%n", run,
                        o.copyRate(), o.chimneyRate(), o.hubRate());
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        Results.Scenario s = results.scenario("e2e", "3. End to end: PostgreSQL source to PostgreSQL, MariaDB and a webhook");
        s.method.add(String.format("%,d rows of the same 15-column export in a PostgreSQL table (`id` primary key, `updated_at` "
                + "change time, an index on `(updated_at, id)`). Each run has new tables, topics and groups.", rows));
        s.method.add("**Hub**: `OnceOnlyHub.start` with a `jdbc` Source (`cursor: updated_at, tiebreaker: id, lag: 0s, every: 200ms`, "
                + "batches of 1,000) and three Subscriptions of all 14 mapped fields, `start: earliest`: a `jdbc` upsert into "
                + "PostgreSQL, a `jdbc` upsert into MariaDB, and an `http` webhook to a receiver in the benchmark JVM "
                + "(it parses every batch with a streaming parser and notes each report's first arrival). The time runs from "
                + "the `start` call until all three hold every row (sink row counts polled every 500 ms).");
        s.method.add("**Chimney** (the status quo): one thread reads the table in id order (fetch size 1,000) and, per 1,000 rows, "
                + "inserts them into a PostgreSQL table and a MariaDB table (batched `INSERT`, one commit per batch) and POSTs "
                + "them as a JSON array to the same receiver. No normalization, no validation, no change detection, no "
                + "delivery guarantees.");
        s.method.add("**COPY**: pgjdbc `CopyManager.copyIn` of the same rows (CSV, from a file written before the run) into "
                + "the empty source table; this is also how the source table is filled.");
        s.method.add("PostgreSQL sinks of both hub and chimney use `reWriteBatchedInserts=true`; MariaDB uses the driver's "
                + "default bulk protocol. Broker, hub, receiver and both databases share the machine's cores.");
        Results.Figure fc = s.figure("copy", "PostgreSQL COPY into one table", "rows/s", copy);
        Results.Figure fch = s.figure("chimney", "Chimney program into the three sinks", "rows/s", chimney);
        Results.Figure fh = s.figure("hub", "Hub, until all three sinks hold every row", "rows/s", hub);
        s.figure("hub-webhook", "Hub: webhook complete after", "s", webhook);
        s.figure("hub-postgres", "Hub: PostgreSQL sink complete after", "s", postgres);
        s.figure("hub-mariadb", "Hub: MariaDB sink complete after", "s", mariadb);
        s.ratio("Hub / chimney program", fh, fch, 0.5, null);
        s.ratio("Hub / PostgreSQL COPY", fh, fc, null, null);
        s.ratio("Chimney program / PostgreSQL COPY", fch, fc, null, null);
    }

    static Outcome run(BenchContext ctx, BenchWebhookReceiver receiver, Path csv, long rows) throws Exception {
        String source = BenchContext.unique("bench_src_");
        String chimneyTable = BenchContext.unique("bench_chimney_");
        String hubTable = BenchContext.unique("bench_hub_");
        try {
            BenchContext.execute(BenchContext.POSTGRES_URL, HazardReports.createTable(source));
            long t = System.nanoTime();
            long copied = copy(source, csv);
            double copyRate = copied * 1e9 / (System.nanoTime() - t);
            BenchContext.execute(BenchContext.POSTGRES_URL, "CREATE INDEX ON " + source + " (updated_at, id)", "ANALYZE " + source);

            receiver.reset((int) rows);
            t = System.nanoTime();
            chimney(source, chimneyTable, receiver.url("chimney"));
            double chimneyRate = rows * 1e9 / (System.nanoTime() - t);
            check(receiver.distinct() == rows && BenchContext.count(PG_SINK_URL, chimneyTable) == rows
                    && BenchContext.count(BenchContext.MARIADB_URL, chimneyTable) == rows, "The chimney program did not copy every row");

            receiver.reset((int) rows);
            Path connectors = Files.createDirectories(ctx.work.resolve(BenchContext.unique("connectors-")));
            writeHub(connectors, source, hubTable, receiver.url("hook"), "200ms");
            double[] done = new double[3];
            t = System.nanoTime();
            try (OnceOnlyHub hub = OnceOnlyHub.start(ctx.hubSettings(connectors, BenchContext.unique("bench-e2e-")), Map.of())) {
                long deadline = t + (60 + rows / 500) * 1_000_000_000L;
                while (done[0] == 0 || done[1] == 0 || done[2] == 0) {
                    check(System.nanoTime() < deadline, "The hub did not deliver every row in time: webhook "
                            + receiver.distinct() + ", PostgreSQL " + BenchContext.count(PG_SINK_URL, hubTable)
                            + ", MariaDB " + BenchContext.count(BenchContext.MARIADB_URL, hubTable) + " of " + rows);
                    LockSupport.parkNanos(500_000_000L);
                    double elapsed = (System.nanoTime() - t) / 1e9;
                    if (done[0] == 0 && receiver.distinct() >= rows) {
                        done[0] = elapsed;
                    }
                    if (done[1] == 0 && BenchContext.count(PG_SINK_URL, hubTable) >= rows) {
                        done[1] = elapsed;
                    }
                    if (done[2] == 0 && BenchContext.count(BenchContext.MARIADB_URL, hubTable) >= rows) {
                        done[2] = elapsed;
                    }
                }
            }
            double all = Math.max(done[0], Math.max(done[1], done[2]));
            return new Outcome(copyRate, chimneyRate, rows / all, done[0], done[1], done[2]);
        } finally {
            BenchContext.dropQuietly(BenchContext.POSTGRES_URL, source);
            BenchContext.dropQuietly(BenchContext.POSTGRES_URL, chimneyTable);
            BenchContext.dropQuietly(BenchContext.POSTGRES_URL, hubTable);
            BenchContext.dropQuietly(BenchContext.MARIADB_URL, chimneyTable);
            BenchContext.dropQuietly(BenchContext.MARIADB_URL, hubTable);
        }
    }

    /** The hub's registrations: the PostgreSQL source and the three subscriptions. */
    static void writeHub(Path connectors, String sourceTable, String sinkTable, String webhookUrl, String every) throws IOException {
        Files.writeString(connectors.resolve("source.yaml"), BenchContext.jdbcSourceYaml("emergency.hazards", sourceTable, every));
        Files.writeString(connectors.resolve("postgres.yaml"), BenchContext.jdbcSubscriptionYaml("fire-brigade.hazards", PG_SINK_URL, sinkTable));
        Files.writeString(connectors.resolve("mariadb.yaml"), BenchContext.jdbcSubscriptionYaml("township-office.hazards", BenchContext.MARIADB_URL, sinkTable));
        Files.writeString(connectors.resolve("webhook.yaml"), BenchContext.webhookSubscriptionYaml("housing-bureau.hazards", webhookUrl));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    /** The rows as COPY CSV, written once before any run so that COPY's time is not spent generating them. */
    private static Path csvFile(BenchContext ctx, long rows) throws IOException {
        Path file = ctx.work.resolve("hazards-" + rows + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(512);
            for (long i = 0; i < rows; i++) {
                line.setLength(0);
                HazardReports.appendCsv(line, i);
                w.append(line);
            }
        }
        return file;
    }

    static long copy(String table, Path csv) throws Exception {
        String columns = "id, " + String.join(", ", HazardReports.COLUMNS);
        try (Connection c = DriverManager.getConnection(BenchContext.POSTGRES_URL);
             BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv)", in);
        }
    }

    /** The status quo: read the table, insert into both databases and POST to the webhook, 1,000 rows at a time. */
    static void chimney(String source, String target, String webhookUrl) throws Exception {
        String cols = "id, " + String.join(", ", HazardReports.COLUMNS);
        String marks = "?" + ", ?".repeat(HazardReports.COLUMNS.size());
        StringBuilder mariaDdl = new StringBuilder("CREATE TABLE " + target + " (id BIGINT PRIMARY KEY");
        for (String col : HazardReports.COLUMNS) {
            mariaDdl.append(", ").append(col).append(col.equals("JD") || col.equals("WD") ? " DECIMAL(10,4)" : " TEXT");
        }
        mariaDdl.append(") DEFAULT CHARSET=utf8mb4");
        BenchContext.execute(BenchContext.POSTGRES_URL, HazardReports.createTable(target).replace(", updated_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP", ""));
        BenchContext.execute(BenchContext.MARIADB_URL, mariaDdl.toString());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Connection in = DriverManager.getConnection(BenchContext.POSTGRES_URL);
             Connection pg = DriverManager.getConnection(PG_SINK_URL);
             Connection maria = DriverManager.getConnection(BenchContext.MARIADB_URL)) {
            in.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
            pg.setAutoCommit(false);
            maria.setAutoCommit(false);
            try (PreparedStatement read = in.prepareStatement("SELECT " + cols + " FROM " + source + " ORDER BY id");
                 PreparedStatement pgInsert = pg.prepareStatement("INSERT INTO " + target + " (" + cols + ") VALUES (" + marks + ")");
                 PreparedStatement mariaInsert = maria.prepareStatement("INSERT INTO " + target + " (" + cols + ") VALUES (" + marks + ")")) {
                read.setFetchSize(CHIMNEY_BATCH);
                List<Map<String, Object>> batch = new ArrayList<>(CHIMNEY_BATCH);
                try (ResultSet rs = read.executeQuery()) {
                    int width = HazardReports.COLUMNS.size() + 1;
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= width; i++) {
                            Object v = rs.getObject(i);
                            pgInsert.setObject(i, v);
                            mariaInsert.setObject(i, v);
                            row.put(i == 1 ? "id" : HazardReports.COLUMNS.get(i - 2), v instanceof BigDecimal d ? d.toPlainString() : v);
                        }
                        pgInsert.addBatch();
                        mariaInsert.addBatch();
                        batch.add(row);
                        if (batch.size() == CHIMNEY_BATCH) {
                            flush(pg, pgInsert, maria, mariaInsert, http, webhookUrl, batch);
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    flush(pg, pgInsert, maria, mariaInsert, http, webhookUrl, batch);
                }
            }
            in.commit();
        }
    }

    private static void flush(Connection pg, PreparedStatement pgInsert, Connection maria, PreparedStatement mariaInsert,
                              HttpClient http, String url, List<Map<String, Object>> batch) throws Exception {
        pgInsert.executeBatch();
        pg.commit();
        mariaInsert.executeBatch();
        maria.commit();
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build(),
                HttpResponse.BodyHandlers.discarding());
        check(answer.statusCode() / 100 == 2, "The webhook answered " + answer.statusCode());
        batch.clear();
    }
}
