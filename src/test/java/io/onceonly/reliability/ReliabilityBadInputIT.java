package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;

/**
 * Bad input, through the push API and a CSV drop: each bad record is rejected with a stable rule, the field and where
 * it came from; nothing bad is published, nothing good is altered, and the hub neither crashes nor hangs.
 */
class ReliabilityBadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bad-input-token";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    @TempDir
    Path drop;
    private OnceOnlyHub hub;

    @BeforeEach
    void start() throws Exception {
        fixture.write("push.yaml", mapped(Resources.source("township-z.activities", "township-z")
                .from("push", "token", "{{push-token}}", "idField", "rec")));
        fixture.write("file.yaml", mapped(Resources.source("township-z.files", "township-z")
                .from("file", "dir", drop.toString(), "settle", "500ms", "every", "200ms", "maxRecordBytes", 2048,
                        "maxFileBytes", 20000)));
        hub = fixture.secret("push-token", TOKEN).start();
    }

    /** Both sources map the same fields. */
    private static Resources.Source mapped(Resources.Source source) {
        return source.map("activity_id", "template", "320115109-{rec}")
                .mapFrom("title", "title")
                .mapConst("category", "lecture")
                .map("activity_date", "from", "date", "type", "date", "formats", List.of("yyyyMMdd", "yyyy-MM-dd", "yyyy年M月d日"))
                .mapFrom("venue", "venue")
                .mapConst("division_code", "320115109000")
                .mapConst("organizer_name", "东山街道")
                .map("organizer_id", "from", "org", "type", "social-credit-code")
                .mapFrom("participant_count", "people");
    }

    private static Map<String, Object> valid(int no) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rec", no);
        r.put("title", "活动" + no);
        r.put("date", "20240305");
        r.put("venue", "东山文化站");
        r.put("org", "91320115MA1XK3R2TA");
        r.put("people", "20");
        return r;
    }

    private static Map<String, Object> with(int no, String field, Object value) {
        Map<String, Object> r = valid(no);
        r.put(field, value);
        return r;
    }

    private HttpResponse<String> push(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                        + "/api/v1/sources/township-z.activities/records"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, JsonNode> published() {
        Map<String, JsonNode> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            try {
                perKey.put(r.key(), JSON.readTree(r.value()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return perKey;
    }

    /** One bad value, where it goes, and the rule and field its reject must name. */
    record BadRecord(String what, String field, Object value, String rule) {
    }

    static final List<BadRecord> BAD_RECORDS = List.of(
            new BadRecord("NUL character", "title", "活动\u0000一", "invisible-character"),
            new BadRecord("zero-width space", "title", "活动\u200B一", "invisible-character"),
            new BadRecord("right-to-left override", "title", "活动\u202E一", "invisible-character"),
            new BadRecord("bell control character", "title", "活动\u0007一", "invisible-character"),
            new BadRecord("lone surrogate", "title", "活动LONE_SURROGATE一", "invisible-character"),
            new BadRecord("byte order mark inside", "title", "\uFEFF活动", "invisible-character"),
            new BadRecord("title over 200 characters", "title", "长".repeat(201), "maxLength"),
            new BadRecord("title over the 64 KiB field limit", "title", "长".repeat(30_000), "field-too-large"),
            new BadRecord("impossible date", "date", "2024-02-30", "type"),
            new BadRecord("impossible month", "date", "2024-13-45", "type"),
            new BadRecord("ambiguous day/month date", "date", "03/04/2024", "type"),
            new BadRecord("date in no listed format", "date", "2024.3.5", "type"),
            new BadRecord("credit code with a bad check digit", "org", "91320115MA1XK3R2TB", "type"),
            new BadRecord("credit code too short", "org", "91320115MA1XK3R2T", "type"),
            new BadRecord("NaN count", "people", "NaN", "type"),
            new BadRecord("infinite count", "people", "Infinity", "type"),
            new BadRecord("count beyond 64 bits", "people", "99999999999999999999999", "type"),
            new BadRecord("count as 1e300", "people", 1e300, "type"),
            new BadRecord("negative count", "people", "-3", "minimum"),
            new BadRecord("fractional count", "people", "2.5", "type"),
            new BadRecord("count as an object", "people", Map.of("n", 1), "type"));

    private static final Map<String, String> SCHEMA_FIELD = Map.of("title", "title", "date", "activity_date",
            "org", "organizer_id", "people", "participant_count");

    @Test
    void eachBadPushedRecordIsRejectedWithRuleFieldAndPositionAndTheGoodOnesBesideItArePublishedUnaltered() throws Exception {
        int no = 100;
        List<String> problems = new ArrayList<>();
        for (BadRecord bad : BAD_RECORDS) {
            no++;
            // Each bad record travels between two good ones: they must come out exactly as they went in.
            // A lone surrogate cannot be encoded as UTF-8, so it travels as the JSON escape a client would write.
            String body = JSON.writeValueAsString(List.of(valid(no * 10), with(no, bad.field(), bad.value()), valid(no * 10 + 1)))
                    .replace("LONE_SURROGATE", "\\uD800");
            HttpResponse<String> response = push(body);
            JsonNode result = JSON.readTree(response.body()).path("results").get(1);
            JsonNode problem = result.path("problems").path(0);
            if (response.statusCode() != 200 || !result.path("outcome").asText().equals("rejected")
                    || !problem.path("rule").asText().equals(bad.rule())
                    || !problem.path("field").asText().equals(SCHEMA_FIELD.get(bad.field()))
                    || !result.path("id").asText().equals(Integer.toString(no)) || result.path("index").asInt() != 1) {
                problems.add(bad.what() + ": " + response.statusCode() + " " + result);
            }
        }
        assertThat(problems).as("bad records not rejected as expected").isEmpty();

        Map<String, JsonNode> published = published();
        for (int n = 101; n <= no; n++) {
            assertThat(published).as("bad record %d", n).doesNotContainKey("320115109-" + n);
            assertThat(published.get("320115109-" + n * 10).path("title").asText()).isEqualTo("活动" + n * 10);
        }
        assertThat(published).hasSize(2 * BAD_RECORDS.size());
        // Refused whole, before any record is looked at: too deep, or not JSON at all.
        assertThat(push("[" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "]").statusCode()).isEqualTo(400);
        assertThat(push("[{\"rec\": 1, \"title\": \"\u0000").statusCode()).isEqualTo(400);
        // Still healthy and quick.
        long started = System.nanoTime();
        assertThat(push(JSON.writeValueAsString(List.of(valid(1)))).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private JsonNode awaitReport(String outcome, String fileName) {
        Path dir = drop.resolve(outcome);
        await(fileName + " in " + outcome + "/").atMost(Duration.ofSeconds(30)).until(() -> report(dir, fileName) != null);
        return report(dir, fileName);
    }

    private static JsonNode report(Path dir, String fileName) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path report = files.filter(f -> f.getFileName().toString().endsWith(fileName + ".report.json")).findFirst().orElse(null);
            return report == null ? null : JSON.readTree(report.toFile());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void badCsvDropsAreRejectedRowByRowOrWholeWithTheLineAndNothingEscapesTheFolder() throws Exception {
        String header = "rec,title,date,venue,org,people\r\n";
        String good = "1,活动1,20240305,东山文化站,91320115MA1XK3R2TA,20\r\n";
        Files.writeString(drop.resolve("rows.csv"), header + good
                + "2,活动\u200B2,20240305,东山文化站,91320115MA1XK3R2TA,20\r\n"
                + "3,活动3,2024-02-30,东山文化站,91320115MA1XK3R2TA,20\r\n"
                + "4,活动4,20240305,东山文化站,91320115MA1XK3R2TA,1e400\r\n"
                + "5," + "长".repeat(1000) + ",20240305,东山文化站,91320115MA1XK3R2TA,20\r\n"
                + "6,活动6,20240305,东山文化站,91320115MA1XK3R2TA,20,extra\r\n"
                + "7,活动7,20240305,东山文化站,91320115MA1XK3R2TA,20\r\n", StandardCharsets.UTF_8);
        JsonNode rows = awaitReport("done", "rows.csv");
        assertThat(rows.path("read").asInt()).isEqualTo(7);
        assertThat(rows.path("published").asInt()).isEqualTo(2);
        assertThat(rows.path("rejected").asInt()).isEqualTo(5);
        List<String> rejects = new ArrayList<>();
        rows.path("rejects").forEach(r -> rejects.add(r.path("record").asText() + " " + r.path("reasons").get(0).asText()));
        assertThat(rejects).satisfiesExactly(
                r -> assertThat(r).startsWith("rows.csv:3 title: has an invisible or control character, U+200B"),
                r -> assertThat(r).startsWith("rows.csv:4 activity_date: '2024-02-30' is not a date"),
                r -> assertThat(r).startsWith("rows.csv:5 participant_count: '1e400' is too large"),
                r -> assertThat(r).startsWith("rows.csv:6 (row 6): Line 6 starts a record larger than the limit of 2048 bytes"),
                r -> assertThat(r).startsWith("rows.csv:7 (row 7): Line 7 has the wrong number of fields"));

        Files.writeString(drop.resolve("quote.csv"), header + good + "2,\"活动2,20240305,东山文化站,91320115MA1XK3R2TA,20\r\n");
        JsonNode quote = awaitReport("done", "quote.csv");
        assertThat(quote.path("rejects").get(0).path("record").asText()).isEqualTo("quote.csv:3");
        assertThat(quote.path("rejects").get(0).path("reasons").get(0).asText()).contains("opens a quote that is never closed");

        Files.write(drop.resolve("latin1.csv"), (header + "8,caf\u00e9,20240305,x,91320115MA1XK3R2TA,20\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        JsonNode latin = awaitReport("failed", "latin1.csv");
        assertThat(latin.path("reason").asText()).startsWith("File is neither UTF-8 nor GBK/GB18030 text");

        // Odd names are taken as names, nothing more: the stored copy and its report stay inside done/.
        for (String name : List.of("-rf.csv", " .csv", "x.._escape.csv", "a;rm -rf ~.csv")) {
            Files.writeString(drop.resolve(name), header + good);
            JsonNode report = awaitReport("done", name);
            assertThat(report.path("storedAs").asText()).doesNotContain("/").endsWith(name);
            awaitMoved(name, "done", report);
        }
        // A file over maxFileBytes (20000 here) is not read at all.
        Files.writeString(drop.resolve("big.csv"), header + good.repeat(400));
        JsonNode big = awaitReport("failed", "big.csv");
        assertThat(big.path("reason").asText()).startsWith("File is larger than maxFileBytes, 20000 bytes: '");
        assertThat(big.path("read").asInt()).isZero();

        // A name with a line break, a control character or a bidirectional override is not read: the file goes to
        // failed/ under a stored name with that character as %XX, beside a report that says why.
        Map<String, String> unsafeNames = Map.of("line\nbreak.csv", "line%0Abreak.csv", "bell\u0007.csv", "bell%07.csv",
                "report\u202Evsc.csv", "report%E2%80%AEvsc.csv", "tab\tname.csv", "tab%09name.csv");
        for (Map.Entry<String, String> name : unsafeNames.entrySet()) {
            Files.writeString(drop.resolve(name.getKey()), header + "90,活动90,20240305,东山文化站,91320115MA1XK3R2TA,20\r\n");
            JsonNode report = awaitReport("failed", name.getValue());
            assertThat(report.path("storedAs").asText()).matches("\\d{8}-\\d{6}-" + java.util.regex.Pattern.quote(name.getValue()));
            assertThat(report.path("reason").asText()).startsWith("File name has a control or invisible character, U+")
                    .contains("Rename it without line breaks or control characters");
            assertThat(report.path("read").asInt()).isZero();
            awaitMoved(name.getKey(), "failed", report);
        }
        // Left alone, unread: a hidden file (an editor's temporary copy).
        Files.writeString(drop.resolve("..csv"), header + good);
        Files.writeString(drop.resolve("after.csv"), header + good);
        awaitReport("done", "after.csv");
        assertThat(drop.resolve("..csv")).exists();
        assertThat(published()).containsOnlyKeys("320115109-1", "320115109-7");
    }

    /** The route moves the file once the exchange completes, just after its report is written. */
    private void awaitMoved(String name, String outcome, JsonNode report) {
        Path stored = drop.resolve(outcome).resolve(report.path("storedAs").asText());
        await(stored + " moved beside its report").atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(stored) && !Files.exists(drop.resolve(name)));
    }

    private JsonNode awaitAny(String fileName) {
        await(fileName + " reported").atMost(Duration.ofSeconds(30))
                .until(() -> report(drop.resolve("done"), fileName) != null || report(drop.resolve("failed"), fileName) != null);
        JsonNode done = report(drop.resolve("done"), fileName);
        return done != null ? done : report(drop.resolve("failed"), fileName);
    }
}
