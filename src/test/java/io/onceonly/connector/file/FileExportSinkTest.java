package io.onceonly.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.delivery.PermanentDeliveryException;

/** The file sink with real files: formats, encodings, rolling, atomic completion and no duplicate lines. */
class FileExportSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("activity_id", "title", "venue");
    private static final java.time.ZoneId ZONE = io.onceonly.config.HubSettingsDefinition.TIME_ZONE.byDefault();

    @TempDir
    Path dir;

    private static DeliveryRecord record(int partition, long offset, String id, String title, String venue) {
        var event = CloudEventBuilder.v1().withId("e-" + partition + "-" + offset).withSource(URI.create("/departments/a/sources/a"))
                .withType("onceonly.cultural-activity.v1").withTime(OffsetDateTime.parse("2026-11-28T08:00:00Z")).build();
        return new DeliveryRecord("t", partition, offset, id, event,
                JSON.createObjectNode().put("activity_id", id).put("title", title).put("venue", venue));
    }

    private FileExportSink sink(FileExportSink.Format format, Charset charset, long maxBytes) {
        return new FileExportSink(dir, "culture-bureau.activities", format, charset, false, maxBytes,
                java.time.Duration.ofHours(1), FIELDS, ZONE);
    }

    private List<Path> files(String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    @Test
    void jsonLinesCarryKeyIdTimeAndTheGrantedFieldsAndAppearWhenComplete() throws Exception {
        FileExportSink sink = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        sink.write(List.of(record(0, 0, "320115101-1", "春节文艺汇演", "文化站"), record(0, 1, "320115101-2", "剪纸展", "展厅")));
        assertThat(files("*.jsonl")).as("nothing complete before the file rolls").isEmpty();
        sink.close();
        List<Path> done = files("*.jsonl");
        assertThat(done).hasSize(1);
        assertThat(done.get(0).getFileName().toString()).matches("culture-bureau\\.activities-\\d{4}-\\d{2}-\\d{2}-0001\\.jsonl");
        List<String> lines = Files.readAllLines(done.get(0));
        assertThat(lines).hasSize(2);
        var first = JSON.readTree(lines.get(0));
        assertThat(first.path("_key").asText()).isEqualTo("320115101-1");
        assertThat(first.path("_id").asText()).isEqualTo("e-0-0");
        assertThat(first.path("title").asText()).isEqualTo("春节文艺汇演");
        assertThat(files("*.part")).isEmpty();
    }

    @Test
    void gbkCsvQuotesWhatNeedsQuotingAndReadsBackInGbk() throws Exception {
        Charset gbk = Charset.forName("GBK");
        FileExportSink sink = sink(FileExportSink.Format.CSV, gbk, 1 << 20);
        sink.write(List.of(record(0, 0, "320115101-1", "讲座, 第\"一\"期", "会议室\n二楼")));
        sink.close();
        String text = Files.readString(files("*.csv").get(0), gbk);
        assertThat(text).isEqualTo("activity_id,title,venue\r\n320115101-1,\"讲座, 第\"\"一\"\"期\",\"会议室\n二楼\"\r\n");
    }

    @Test
    void theSameBatchWrittenAgainAddsNoLineEvenAfterARestart() throws Exception {
        List<DeliveryRecord> batch = List.of(record(0, 5, "320115101-1", "活动一", "a"), record(1, 7, "320115101-2", "活动二", "b"));
        FileExportSink sink = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        sink.write(batch);
        sink.write(batch);
        // a new sink on the same folder, as after a crash: the manifest says what is already written
        FileExportSink afterRestart = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        afterRestart.write(batch);
        afterRestart.write(List.of(record(0, 6, "320115101-3", "活动三", "c")));
        afterRestart.close();
        assertThat(Files.readAllLines(files("*.jsonl").get(0))).hasSize(3);
    }

    @Test
    void bytesOfABatchThatWasNeverCommittedAreCutOffOnRestart() throws Exception {
        FileExportSink sink = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        sink.write(List.of(record(0, 0, "320115101-1", "活动一", "a")));
        Path part = files("*.part").get(0);
        // a crash in the middle of the next append: half a line, no manifest update
        Files.writeString(part, "{\"_key\":\"320115101-2\",\"tit", java.nio.file.StandardOpenOption.APPEND);
        FileExportSink afterRestart = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        afterRestart.write(List.of(record(0, 1, "320115101-2", "活动二", "b")));
        afterRestart.close();
        List<String> lines = Files.readAllLines(files("*.jsonl").get(0));
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("_key").asText()).startsWith("320115101-");
        }
    }

    @Test
    void anOpenFileIsCompletedAtMostMaxDelayAfterItsFirstRecord() throws Exception {
        FileExportSink sink = new FileExportSink(dir, "culture-bureau.activities", FileExportSink.Format.JSONL,
                StandardCharsets.UTF_8, false, 1 << 20, java.time.Duration.ofMillis(300), FIELDS, ZONE);
        sink.write(List.of(record(0, 0, "320115101-1", "活动一", "a")));
        org.awaitility.Awaitility.await("the file is completed without another batch").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> files("*.jsonl").size() == 1);
        assertThat(files("*.part")).isEmpty();
        sink.close();
    }

    @Test
    void aCharacterGbkCannotHoldIsRefusedNotReplacedAndTwoSubscriptionsShareAFolder() throws Exception {
        FileExportSink gbk = new FileExportSink(dir, "legacy.activities", FileExportSink.Format.CSV, Charset.forName("GBK"),
                false, 1 << 20, java.time.Duration.ofHours(1), FIELDS, ZONE);
        FileExportSink utf8 = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        DeliveryRecord emoji = record(0, 0, "320115101-1", "广场舞 \uD83D\uDC83", "a");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gbk.write(List.of(emoji)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("field title has a character GBK cannot hold");
        gbk.write(List.of(record(0, 1, "320115101-2", "剪纸展", "b")));
        utf8.write(List.of(emoji));
        gbk.close();
        utf8.close();
        assertThat(files("legacy.activities-*.csv")).hasSize(1);
        assertThat(files("culture-bureau.activities-*.jsonl")).hasSize(1);
        assertThat(Files.readString(files("culture-bureau.activities-*.jsonl").get(0))).contains("\uD83D\uDC83");
    }

    @Test
    void aReplayedDeadLetterIsWrittenThoughItsOffsetIsBehind() throws Exception {
        FileExportSink sink = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 1 << 20);
        sink.write(List.of(record(0, 9, "320115101-9", "活动九", "a")));
        sink.replay(List.of(record(0, 3, "320115101-3", "活动三", "c")));
        sink.close();
        assertThat(Files.readAllLines(files("*.jsonl").get(0))).hasSize(2);
    }

    @Test
    void rollsToTheNextFileBeforePassingMaxBytes() throws Exception {
        FileExportSink sink = sink(FileExportSink.Format.JSONL, StandardCharsets.UTF_8, 300);
        for (int i = 0; i < 6; i++) {
            sink.write(List.of(record(0, i, "320115101-" + i, "活动" + i, "文化站")));
        }
        sink.close();
        List<Path> done = files("*.jsonl");
        assertThat(done.size()).isGreaterThan(1);
        long lines = 0;
        for (Path f : done) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(300);
            lines += Files.readAllLines(f).size();
        }
        assertThat(lines).isEqualTo(6);
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void filesAreNamedByTheDayInTheHubsTimeZone() throws Exception {
        // Fourteen hours ahead of UTC and twelve behind: at any moment their calendar days differ.
        for (java.time.ZoneId zone : List.of(java.time.ZoneId.of("Etc/GMT-14"), java.time.ZoneId.of("Etc/GMT+12"))) {
            Path out = dir.resolve(zone.getId().replace('/', '-'));
            java.time.LocalDate before = java.time.LocalDate.now(zone);
            FileExportSink sink = new FileExportSink(out, "culture-bureau.activities", FileExportSink.Format.JSONL,
                    StandardCharsets.UTF_8, false, 1 << 20, java.time.Duration.ofHours(1), FIELDS, zone);
            sink.write(List.of(record(0, 0, "320115101-1", "活动一", "a")));
            sink.close();
            java.time.LocalDate after = java.time.LocalDate.now(zone);
            try (Stream<Path> written = Files.list(out)) {
                assertThat(written.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")))
                        .as("the file of a sink in %s", zone)
                        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                        .matches("culture-bureau\\.activities-(" + before + "|" + after + ")-0001\\.jsonl");
            }
        }
    }
}
