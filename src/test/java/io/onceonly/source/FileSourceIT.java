package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.ActivityColumns;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;

/** Departments' exports dropped in a folder: detected, streamed, published, and accounted for in a report. */
class FileSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Charset GBK = Charset.forName("GBK");

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    @TempDir
    Path drop;
    private OnceOnlyHub hub;

    private void startHub(String mode, Object... more) throws Exception {
        fixture.write("source.yaml", ActivityColumns.exported(Resources.source("township-d.activities", "township-d")
                        .from("file", "dir", drop.toString(), "mode", mode, "settle", "1s", "every", "200ms").option(more),
                        "320115104", "湖熟街道", "festival", "yyyyMMdd", "yyyy年M月d日", "yyyy/M/d", "yyyy-MM-dd")
                .mapFrom("participant_count", "人数"));
        hub = fixture.setting("onceonly.source.batch-size", "2").start();
    }

    private static String csv(String... rows) {
        return "编号,活动名称,活动日期,地点,人数\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    private JsonNode awaitReport(String outcome, String fileName) {
        Path dir = drop.resolve(outcome);
        await(fileName + " in " + outcome + "/").atMost(WAIT).until(() -> reports(dir, fileName).size() == 1);
        try {
            return JSON.readTree(reports(dir, fileName).get(0).toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> reports(Path dir, String fileName) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-" + fileName + ".report.json")).toList();
        }
    }

    /** Each record on the schema topic as key=title (or key=deleted), in order of arrival per key. */
    private Map<String, List<String>> published() {
        Map<String, List<String>> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            String value = "deleted";
            if (r.value() != null) {
                try {
                    JsonNode record = JSON.readTree(r.value());
                    value = record.path("title").asText() + "|" + record.path("activity_date").asText() + "|"
                            + record.path("participant_count").asText();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(value);
        });
        return perKey;
    }

    @Test
    void aGbkExportWithFullWidthDigitsAndMixedDatesIsPublishedAndReported() throws Exception {
        startHub("incremental");
        Files.write(drop.resolve("活动台账.csv"), csv(
                "1,春节联欢会,２０２４０２１０,文化站,１２０",
                "2,元宵灯谜会,2024年2月24日,老街,80",
                "3,植树节志愿活动,2024/3/12,湿地公园,45").getBytes(GBK));
        JsonNode report = awaitReport("done", "活动台账.csv");
        assertThat(report.path("status").asText()).isEqualTo("done");
        assertThat(report.path("format").asText()).contains("GB18030");
        assertThat(report.path("read").asInt()).isEqualTo(3);
        assertThat(report.path("published").asInt()).isEqualTo(3);
        assertThat(published()).containsEntry("320115104-1", List.of("春节联欢会|2024-02-10|120"))
                .containsEntry("320115104-2", List.of("元宵灯谜会|2024-02-24|80"))
                .containsEntry("320115104-3", List.of("植树节志愿活动|2024-03-12|45"));
        try (Stream<Path> done = Files.list(drop.resolve("done"))) {
            assertThat(done.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-活动台账.csv"));
        }
        assertThat(drop.resolve("活动台账.csv")).doesNotExist();

        // The same export dropped again next month: nothing is published again.
        Files.write(drop.resolve("活动台账.csv"), csv(
                "1,春节联欢会,20240210,文化站,120",
                "2,元宵灯谜会,2024-02-24,老街,80",
                "3,植树节志愿活动,2024/3/12,湿地公园,45").getBytes(StandardCharsets.UTF_8));
        await("the second report").atMost(WAIT).until(() -> reports(drop.resolve("done"), "活动台账.csv").size() == 2);
        JsonNode second = JSON.readTree(reports(drop.resolve("done"), "活动台账.csv").stream().sorted().toList().get(1).toFile());
        assertThat(second.path("unchanged").asInt()).isEqualTo(3);
        assertThat(second.path("published").asInt()).isZero();
        assertThat(published().values()).allMatch(versions -> versions.size() == 1);

        // A quiet folder is still looked at: each empty look counts as a poll, so the source is not taken for stale.
        long polls = polls();
        await("looks at the empty folder").atMost(WAIT).until(() -> polls() >= polls + 3);
    }

    private long polls() {
        var timer = hub.metrics().registry().find("onceonly.source.poll").tag("source", "township-d.activities").timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aBadRowInTheMiddleIsRejectedWithItsLineWhileTheOthersFlow() throws Exception {
        startHub("incremental");
        Files.writeString(drop.resolve("batch.csv"), csv(
                "1,书法展,20240301,文化站,30",
                "2,摄影展,20240302,文化站",                 // a field short
                "3,剪纸课,2024-13-45,文化站,20",            // impossible date
                "4,\"戏曲\n专场\",20240304,剧场,200",        // a quoted line break is data, not a new row
                "5,\"未闭合的引号,20240305,剧场,10"));       // truncated: the quote never closes
        JsonNode report = awaitReport("done", "batch.csv");
        assertThat(report.path("read").asInt()).isEqualTo(5);
        assertThat(report.path("published").asInt()).isEqualTo(2);
        assertThat(report.path("rejected").asInt()).isEqualTo(3);
        List<String> rejects = new ArrayList<>();
        report.path("rejects").forEach(r -> rejects.add(r.path("record").asText() + " " + r.path("reasons").get(0).asText()));
        assertThat(rejects).hasSize(3);
        assertThat(rejects.get(0)).startsWith("batch.csv:3 (row 3): Line 3 has the wrong number of fields");
        assertThat(rejects.get(1)).startsWith("batch.csv:4 activity_date: '2024-13-45'");
        assertThat(rejects.get(2)).startsWith("batch.csv:7 (row 7): ");
        assertThat(published()).containsOnlyKeys("320115104-1", "320115104-4");
        // The quoted line break kept the row whole; free text then folds it to a space like any other whitespace.
        assertThat(published().get("320115104-4")).containsExactly("戏曲 专场|2024-03-04|200");
    }

    @Test
    void aFileThatCannotBeReadMovesToFailedWithTheReason() throws Exception {
        startHub("incremental");
        Files.write(drop.resolve("报表.xlsx"), "this is not a workbook".getBytes(StandardCharsets.UTF_8));
        JsonNode report = awaitReport("failed", "报表.xlsx");
        assertThat(report.path("status").asText()).isEqualTo("failed");
        assertThat(report.path("reason").asText()).contains(".xlsx");
        // The route tries again before it gives up on the file, then moves it beside its report.
        await("the file in failed/").atMost(WAIT).until(() -> {
            try (Stream<Path> failed = Files.list(drop.resolve("failed"))) {
                return failed.anyMatch(p -> p.getFileName().toString().endsWith("-报表.xlsx"));
            }
        });
        assertThat(drop.resolve("报表.xlsx")).doesNotExist();
        assertThat(published()).isEmpty();
    }

    @Test
    void anExcelWorkbookWithDateCellsIsRead() throws Exception {
        startHub("incremental");
        Path file = drop.resolve("activities.xlsx.tmp");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = workbook.createSheet("活动");
            var dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            var header = sheet.createRow(0);
            String[] names = {"编号", "活动名称", "活动日期", "地点", "人数"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue(9);
            row.createCell(1).setCellValue("重阳敬老");
            var date = row.createCell(2);
            date.setCellValue(java.time.LocalDate.of(2024, 10, 11));
            date.setCellStyle(dateStyle);
            row.createCell(3).setCellValue("敬老院");
            row.createCell(4).setCellValue(60);
            workbook.write(out);
        }
        Files.move(file, drop.resolve("activities.xlsx"));
        assertThat(awaitReport("done", "activities.xlsx").path("published").asInt()).isEqualTo(1);
        assertThat(published()).containsEntry("320115104-9", List.of("重阳敬老|2024-10-11|60"));
    }

    @Test
    void aFullExportThatNoLongerListsARecordDeletesIt() throws Exception {
        startHub("full");
        Files.writeString(drop.resolve("m1.csv"), csv("1,一月活动,20240101,文化站,10", "2,二月活动,20240201,文化站,20",
                "3,三月活动,20240301,文化站,30"));
        awaitReport("done", "m1.csv");
        Files.writeString(drop.resolve("m2.csv"), csv("1,一月活动,20240101,文化站,10", "3,三月活动,20240301,文化站,31"));
        JsonNode report = awaitReport("done", "m2.csv");
        assertThat(report.path("deleted").asInt()).isEqualTo(1);
        assertThat(report.path("unchanged").asInt()).isEqualTo(1);
        assertThat(published()).containsEntry("320115104-2", List.of("二月活动|2024-02-01|20", "deleted"))
                .containsEntry("320115104-3", List.of("三月活动|2024-03-01|30", "三月活动|2024-03-01|31"))
                .containsEntry("320115104-1", List.of("一月活动|2024-01-01|10"));

        // An export with no usable row is a mistake far more often than the end of all records: nothing is deleted.
        Files.writeString(drop.resolve("m3.csv"), csv("x,坏行"));
        JsonNode empty = awaitReport("done", "m3.csv");
        assertThat(empty.path("deleted").asInt()).isZero();
        assertThat(empty.path("note").asText()).contains("nothing was treated as deleted");
    }

    @Test
    void aRestartedHubResumesAFileAfterItsLastCommittedRow() throws Exception {
        Path file = drop.resolve("big.csv.tmp");
        Files.writeString(file, csv("1,a1,20240101,站,1", "2,a2,20240101,站,2", "3,a3,20240101,站,3",
                "4,a4,20240101,站,4", "5,a5,20240101,站,5"));
        // As a hub that crashed after committing three rows of big.csv would have left it.
        String fingerprint = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        startHub("incremental", "include", "big\\.csv");
        hub.setPaused("Source/township-d.activities", true, "test");
        try (var producer = ReliableProducer.create(hub.bootstrapServers(), "test", Map.of())) {
            producer.send(new ProducerRecord<>(hub.topics().offsets(), "township-d.activities", JSON.writeValueAsBytes(
                    Map.of("file", "big.csv", "fingerprint", fingerprint, "record", "3")))).get();
        }
        hub.setPaused("Source/township-d.activities", false, "test");
        Files.move(file, drop.resolve("big.csv"));
        JsonNode report = awaitReport("done", "big.csv");
        assertThat(report.path("resumedAfterRecord").asInt()).isEqualTo(3);
        assertThat(report.path("read").asInt()).isEqualTo(2);
        assertThat(published()).containsOnlyKeys("320115104-4", "320115104-5");
    }

    @Test
    void aFileStillBeingWrittenIsTakenOnlyOnceComplete() throws Exception {
        startHub("incremental");
        Path file = drop.resolve("slow.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("编号,活动名称,活动日期,地点,人数\r\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= 12; i++) {
                out.write((i + ",慢慢写的活动" + i + ",20240501,广场," + i + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                // A copy over a slow network: a row every 250 ms, 3 s in all, longer than the 1 s settle time.
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }
        JsonNode report = awaitReport("done", "slow.csv");
        assertThat(report.path("read").asInt()).isEqualTo(12);
        assertThat(published()).hasSize(12);
    }
}
