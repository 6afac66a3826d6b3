package io.onceonly.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.testing.SourceTable;

/**
 * Four department systems at work: two write rows to their tables, one in PostgreSQL and one in MariaDB (the hub
 * pulls them); the third pushes records to the hub's API as a well-behaved client does (a request without a 2xx
 * answer is sent again, unchanged); the fourth drops CSV files in the hub's folder, one at a time, as a transfer job
 * does (a file's rows count as acknowledged once the hub has moved it to done/).
 * New entities and new versions of known ones, with a bad record now and then. Only acknowledged writes enter the
 * ledger.
 */
final class LoadGenerator implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ids of bad records start here, so they never share a key with a valid one. */
    static final int BAD_IDS = 1_000_000;

    private final List<SourceTable> tables;
    /** The file source's folder. */
    private final Path dropFolder;
    private final Map<Integer, Integer> fileVersions = new HashMap<>();
    /** The dropped file the hub has not moved to done/ yet, and the versions its rows carry. */
    private String pendingFile;
    private final Map<Integer, Integer> pendingVersions = new HashMap<>();
    private int files;
    private final String pushUrl;
    private final String pushToken;
    private final Ledger ledger;
    private final int operations;
    private final Duration pause;
    private final Random random;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Per pulled table, the version of each row id it holds. */
    private final List<Map<Integer, Integer>> pullVersions = new ArrayList<>();
    private final Map<Integer, Integer> pushVersions = new HashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger pushRetries = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    /** While set, the hub cannot commit anything (its Kafka is down): no push sent meanwhile may be answered 2xx. */
    private volatile boolean outage;
    /** Pushes sent and answered 2xx within an outage: each is an acknowledgement the hub could not have made. */
    final AtomicInteger acknowledgedInOutage = new AtomicInteger();
    /** Pushes sent within an outage and answered otherwise (503, a timeout, a refused connection). */
    final AtomicInteger refusedInOutage = new AtomicInteger();
    private int bad;

    LoadGenerator(List<SourceTable> tables, String pushUrl, String pushToken, Path dropFolder, Ledger ledger,
                  int operations, Duration pause, long seed) {
        this.random = new Random(seed);
        this.tables = tables;
        this.dropFolder = dropFolder;
        tables.forEach(t -> pullVersions.add(new HashMap<>()));
        this.pushUrl = pushUrl;
        this.pushToken = pushToken;
        this.ledger = ledger;
        this.operations = operations;
        this.pause = pause;
    }

    static String pushKey(int no) {
        return "320115103-" + no;
    }

    static String fileKey(int no) {
        return "320115104-" + no;
    }

    void stop() {
        stop.set(true);
    }

    /** Marks the start and the end of a time in which the hub cannot commit to Kafka. */
    void outage(boolean on) {
        outage = on;
    }

    @Override
    public void run() {
        try {
            for (int op = 0; op < operations && !stop.get(); op++) {
                int system = op % (tables.size() + 2);
                if (system < tables.size()) {
                    pullWrite(tables.get(system), pullVersions.get(system));
                } else if (system == tables.size()) {
                    pushRequest();
                } else {
                    fileDrop();
                }
                done.incrementAndGet();
                LockSupport.parkNanos(pause.toNanos());
            }
        } catch (Exception e) {
            throw new IllegalStateException("The load generator stopped: " + e, e);
        }
    }

    private int pick(Map<Integer, Integer> versions) {
        // Mostly new entities at first, then more and more corrections of known ones.
        if (versions.isEmpty() || random.nextInt(100) < 55) {
            return versions.size() + 1;
        }
        return 1 + random.nextInt(versions.size());
    }

    private void pullWrite(SourceTable table, Map<Integer, Integer> versions) throws Exception {
        if (random.nextInt(20) == 0) { // now and then a row the hub must reject
            int id = BAD_IDS + ++bad;
            table.insert(id, "bad-" + id, "演出", "2024-02-30", "10");
            ledger.badSent(table.table + ":" + id);
            return;
        }
        int id = pick(versions);
        int version = versions.getOrDefault(id, 0) + 1;
        String title = Ledger.title(table.key(id), version, ledger.nextSeq());
        if (version == 1) {
            table.insert(id, title, "20240305");
        } else {
            table.updateTitle(id, title);
        }
        // Committed in the department's database: the hub must share it.
        versions.put(id, version);
        ledger.acknowledged(table.key(id), version);
    }

    private void pushRequest() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        Map<Integer, Integer> versions = new LinkedHashMap<>();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            int no = pick(pushVersions);
            if (versions.containsKey(no)) {
                continue;
            }
            int version = pushVersions.getOrDefault(no, 0) + 1;
            versions.put(no, version);
            pushVersions.put(no, version); // the next pick must see it; acknowledged below only on a 2xx
            records.add(record(no, Ledger.title(pushKey(no), version, ledger.nextSeq()), "20240305"));
        }
        Integer badNo = null;
        if (random.nextInt(8) == 0) { // now and then a record the hub must reject
            badNo = BAD_IDS + ++bad;
            records.add(record(badNo, "bad-" + badNo, "2024-13-45"));
            ledger.badSent(Integer.toString(badNo));
        }
        JsonNode answer = sendUntilAnswered(JSON.writeValueAsString(records));
        for (JsonNode result : answer.path("results")) {
            int no = Integer.parseInt(result.path("id").asText());
            String outcome = result.path("outcome").asText();
            boolean isBad = badNo != null && no == badNo;
            if (isBad) {
                if (outcome.equals("rejected")) {
                    ledger.badRejected(Integer.toString(no));
                } else {
                    ledger.badPublished(Integer.toString(no));
                }
            } else if (outcome.equals("rejected")) {
                ledger.validRejected(Integer.toString(no));
            } else {
                ledger.acknowledged(pushKey(no), versions.get(no));
            }
        }
    }

    /** What each department system did, for the report. */
    String summary() {
        return "writes per system: " + pullVersions.get(0).values().stream().mapToInt(Integer::intValue).sum()
                + " PostgreSQL row versions, " + pullVersions.get(1).values().stream().mapToInt(Integer::intValue).sum()
                + " MariaDB row versions, " + pushVersions.values().stream().mapToInt(Integer::intValue).sum()
                + " pushed record versions, " + files + " files dropped ("
                + fileVersions.values().stream().mapToInt(Integer::intValue).sum() + " row versions)";
    }

    /** Drops the next file, unless the last one is still waiting for the hub (then this operation does nothing). */
    private void fileDrop() throws IOException {
        if (pendingFile != null && !acknowledgeIfDone()) {
            return;
        }
        String name = "drop-" + ++files + ".csv";
        StringBuilder csv = new StringBuilder("编号,活动名称,活动日期,地点,人数\r\n");
        int line = 1;
        pendingVersions.clear();
        for (int i = 0, size = 1 + random.nextInt(3); i < size; i++) {
            int no = pick(fileVersions);
            if (pendingVersions.containsKey(no)) {
                continue;
            }
            int version = fileVersions.getOrDefault(no, 0) + 1;
            fileVersions.put(no, version);
            pendingVersions.put(no, version);
            csv.append(no).append(',').append(Ledger.title(fileKey(no), version, ledger.nextSeq())).append(",20240305,东山文化站,10\r\n");
            line++;
        }
        if (random.nextInt(8) == 0) {
            int badNo = BAD_IDS + ++bad;
            csv.append(badNo).append(",bad-").append(badNo).append(",2024-02-30,东山文化站,10\r\n");
            ledger.badSent(name + ":" + ++line);
        }
        Path staged = Files.writeString(dropFolder.resolveSibling(name), csv);
        Files.move(staged, dropFolder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        pendingFile = name;
    }

    /** True, with the pending file's rows acknowledged, once the hub has reported on it and moved it to done/. */
    private boolean acknowledgeIfDone() throws IOException {
        Path done = dropFolder.resolve("done");
        if (!Files.isDirectory(done)) {
            return false;
        }
        Path report;
        try (Stream<Path> reports = Files.list(done)) {
            report = reports.filter(p -> p.getFileName().toString().endsWith("-" + pendingFile + ".report.json"))
                    .findFirst().orElse(null);
        }
        if (report == null || !Files.exists(done.resolve(JSON.readTree(report.toFile()).path("storedAs").asText()))) {
            return false;
        }
        pendingVersions.forEach((no, version) -> ledger.acknowledged(fileKey(no), version));
        pendingFile = null;
        return true;
    }

    /** Waits until the last file dropped is in done/, so its rows are in the ledger before the sinks are checked. */
    void awaitLastFile(Duration atMost) {
        org.awaitility.Awaitility.await("dropped file " + pendingFile + " moved to done/").atMost(atMost)
                .pollInterval(Duration.ofMillis(200)).until(() -> pendingFile == null || acknowledgeIfDone());
    }


    private static Map<String, Object> record(int no, String title, String date) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("record", Map.of("no", no));
        r.put("title", title);
        r.put("date", date);
        r.put("venue", "东山文化站");
        r.put("org", "91320115ma1xk3r2ta");
        r.put("phone", "139 1234 5678");
        return r;
    }

    /** A client that got no 2xx does not know what happened, so it sends the same request again. */
    private JsonNode sendUntilAnswered(String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            boolean sentInOutage = outage;
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(pushUrl))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + pushToken)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 422) {
                    if (sentInOutage && outage) {
                        acknowledgedInOutage.incrementAndGet();
                    }
                    return JSON.readTree(response.body());
                }
                if (sentInOutage) {
                    refusedInOutage.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                // hub down or restarting, or no answer in time: try again
                if (sentInOutage) {
                    refusedInOutage.incrementAndGet();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The push API gave no answer for 3 minutes");
            }
            pushRetries.incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }
}
