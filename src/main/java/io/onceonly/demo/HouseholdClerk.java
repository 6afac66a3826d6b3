package io.onceonly.demo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Township C's clerk, who used to re-submit the whole household list every month: drops October's export, then
 * November's, in which one household grew, one moved away and one is new, and reads the hub's report on each.
 */
final class HouseholdClerk {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private static final String HEADER = "户编号,户别,户主身份证号,户主姓名,住址,村居代码,人数,联系电话,登记日期";
    private static final List<String> OCTOBER = List.of(
            "H001,家庭户,320115195803120047,王秀英,湖熟街道和平村1号,320115104001,３,13912345601,2019/3/5",
            "H002,家庭户,320115196207051238,李建国,湖熟街道和平村2号,320115104001,3,13912345602,20200101",
            "H003,家庭户,320115197509184567,张丽,湖熟街道和平村3号,320115104001,4,13912345603,2021年7月8日",
            "H004,家庭户,320115198111020786,陈强,湖熟街道和平村4号,320115104001,2,13912345604,2018/11/20",
            "H005,集体户,320115194706232675,刘福,湖熟街道敬老院,320115104001,１２,02552345678,20150601",
            "H006,家庭户,320115199002145314,赵敏,湖熟街道和平村6号,320115104001,1,13912345606,2022/2/14");
    private static final List<String> NOVEMBER = List.of(
            OCTOBER.get(0),
            "H002,家庭户,320115196207051238,李建国,湖熟街道和平村2号,320115104001,4,13912345602,20200101",
            OCTOBER.get(2),
            OCTOBER.get(4),
            OCTOBER.get(5),
            "H007,家庭户,320115198811303453,孙悦,湖熟街道和平村7号,320115104001,2,13912345607,2024/11/3");

    private final Path drop;

    HouseholdClerk(Path drop) {
        this.drop = drop;
    }

    void dropOctober() {
        drop("2024-10户籍.csv", OCTOBER, "October's household list (6 households)");
    }

    void dropNovember() {
        drop("2024-11户籍.csv", NOVEMBER, "November's household list: H002 has a new baby, H004 moved away, H007 is new");
    }

    /** Written beside the folder's pattern, then renamed: the hub never sees half a file. */
    private void drop(String name, List<String> rows, String what) {
        try {
            Path part = drop.resolve(name + ".part");
            Files.write(part, (HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n").getBytes(GBK));
            Files.move(part, drop.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            System.out.println("[township-c clerk] dropped " + what + " in " + drop + " (GBK, as the old system writes it)");
            awaitReport(name).ifPresent(r -> System.out.println("[township-c report] " + name + ": read " + r.path("read")
                    + ", published " + r.path("published") + ", unchanged " + r.path("unchanged") + ", deleted "
                    + r.path("deleted") + ", rejected " + r.path("rejected") + " (" + drop.resolve("done") + ")"));
        } catch (IOException e) {
            System.out.println("[township-c clerk] could not drop " + name + ": " + e.getMessage());
        }
    }

    private Optional<JsonNode> awaitReport(String name) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Path done = drop.resolve("done");
            if (Files.isDirectory(done)) {
                try (Stream<Path> files = Files.list(done)) {
                    Optional<Path> report = files.filter(f -> f.getFileName().toString().endsWith("-" + name + ".report.json")).findFirst();
                    if (report.isPresent()) {
                        return Optional.of(JSON.readTree(report.get().toFile()));
                    }
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }
        return Optional.empty();
    }
}
