package io.onceonly.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.config.HubSettingsDefinition;
import io.onceonly.normalize.FieldMapping;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;

/**
 * Normalize + validate of realistic 15-column safety hazard reports, as a township's grid system exports them
 * (Chinese dates, full-width digits, spaced phone numbers), against a ceiling measured in the same run: Jackson
 * reading and writing the same record, the least any JSON pipeline does per record. Every score is records/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgs = {"-Xms256m", "-Xmx256m"})
// Warm-up per benchmark: with 3-5 s, the normalize benchmarks were still being compiled while they were measured
// (the JIT shares the two cores with whatever else runs); the hash and the Jackson ceiling settle within 3-4 s.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
public class NormalizeBenchmark {
    /** Rows per batch operation: enough distinct rows that one record's branch history does not flatter the figure. */
    static final int BATCH = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();
    // The same messy values as the system benchmarks' export (HazardReports), so both measure one data set.

    private RecordMapper mapper;
    private SharedSchema schema;
    private Map<String, Object> raw;
    private ObjectNode normalized;
    private byte[] normalizedJson;
    private List<Map<String, Object>> batch;

    @Setup
    public void setUp() throws Exception {
        Path schemas = Files.isDirectory(Path.of("schemas")) ? Path.of("schemas") : Path.of(System.getProperty("onceonly.home", "."), "schemas");
        schema = SchemaCatalog.load(schemas).get(SchemaId.parse("safety-hazard-report/v1"));
        // Every field of the schema except photo_urls: RecordMapper has no mapping that produces a JSON array yet.
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        map.put("report_id", new FieldMapping("YHBH", null, null, null, null, null, null, null));
        map.put("reported_at", new FieldMapping("SBSJ", null, null, null, "datetime",
                List.of("yyyy年M月d日 H:mm", "yyyyMMddHHmmss", "yyyy-M-d H:mm:ss"), null, null));
        map.put("hazard_type", new FieldMapping("YHLX", null, null, null, null, null,
                Map.of("01", "fire", "02", "gas", "03", "electrical", "06", "flood_geological", "07", "hazardous_chemicals"), null));
        map.put("severity", new FieldMapping("YHDJ", null, null, null, null, null, Map.of("一般", "general", "重大", "major"), null));
        map.put("description", new FieldMapping("YHMS", null, null, null, null, null, null, null));
        map.put("division_code", new FieldMapping("XZQH", null, null, null, "division-code", null, null, null));
        map.put("location_description", new FieldMapping("WZMS", null, null, null, null, null, null, null));
        map.put("longitude", new FieldMapping("JD", null, null, null, null, null, null, null));
        map.put("latitude", new FieldMapping("WD", null, null, null, null, null, null, null));
        map.put("enterprise_id", new FieldMapping("QYDM", null, null, null, "social-credit-code", null, null, null));
        map.put("reporter_name", new FieldMapping("SBR", null, null, null, null, null, null, null));
        map.put("reporter_phone", new FieldMapping("LXDH", null, null, null, "phone", null, null, null));
        map.put("status", new FieldMapping("ZT", null, null, null, null, null, Map.of("1", "reported", "2", "assigned", "5", "closed"), null));
        map.put("rectify_deadline", new FieldMapping("ZGQX", null, null, null, "date", List.of("yyyyMMdd", "yyyy年M月d日"), null, null));
        mapper = new RecordMapper(schema, map, HubSettingsDefinition.TIME_ZONE.byDefault());

        raw = new LinkedHashMap<>();
        raw.put("YHBH", "XHZ-YH-2024-00318");
        raw.put("SBSJ", "2024年3月5日 9:30");
        raw.put("YHLX", "01");
        raw.put("YHDJ", "一般");
        raw.put("YHMS", HazardReports.DESCRIPTIONS[0]);
        raw.put("XZQH", "３３０１０６００４００１");
        raw.put("WZMS", HazardReports.LOCATIONS[0]);
        raw.put("JD", "120.1378");
        raw.put("WD", "30.2786");
        raw.put("QYDM", "91350100m000100y43");
        raw.put("SBR", "孙丽萍");
        raw.put("LXDH", "150 8871 2345");
        raw.put("ZT", "2");
        raw.put("ZGQX", "20240312");
        raw.put("BZ", "网格员上报"); // a 15th column the schema does not take
        normalized = mapOrFail(raw).record();
        normalizedJson = JSON.writeValueAsBytes(normalized);

        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            Map<String, Object> row = row(i);
            mapOrFail(row);
            batch.add(row);
        }
    }

    private RecordMapper.Mapped mapOrFail(Map<String, Object> row) {
        RecordMapper.Result result = mapper.map(row);
        if (!result.accepted()) {
            throw new IllegalStateException("A benchmark record does not map: " + result.problems());
        }
        return result.mapped();
    }

    /** Row i of the batch: the same columns, with the mix of formats one export really holds. */
    private static Map<String, Object> row(int i) {
        int day = 1 + i % 28;
        int month = 1 + i % 12;
        Map<String, Object> row = new HashMap<>();
        row.put("YHBH", String.format("XHZ-YH-2024-%05d", i));
        row.put("SBSJ", switch (i % 3) {
            case 0 -> "2024年" + month + "月" + day + "日 " + (i % 24) + ":" + String.format("%02d", i % 60);
            case 1 -> String.format("2024%02d%02d%02d%02d00", month, day, i % 24, i % 60);
            default -> "2024-" + month + "-" + day + " " + (i % 24) + ":05:00";
        });
        row.put("YHLX", List.of("01", "02", "03", "06", "07").get(i % 5));
        row.put("YHDJ", i % 10 == 0 ? "重大" : "一般");
        row.put("YHMS", HazardReports.DESCRIPTIONS[i % HazardReports.DESCRIPTIONS.length]);
        String division = HazardReports.DIVISIONS[i % HazardReports.DIVISIONS.length];
        row.put("XZQH", i % 2 == 0 ? fullWidth(division) : division);
        row.put("WZMS", HazardReports.LOCATIONS[i % HazardReports.LOCATIONS.length]);
        if (i % 4 != 3) { // a quarter of reports come without coordinates
            // JDBC hands numeric columns over as BigDecimal, CSV and Excel imports as text.
            BigDecimal lon = new BigDecimal("120.1378").add(BigDecimal.valueOf(i, 4));
            BigDecimal lat = new BigDecimal("30.2786").subtract(BigDecimal.valueOf(i, 4));
            row.put("JD", i % 2 == 0 ? lon : lon.toPlainString());
            row.put("WD", i % 2 == 0 ? lat : lat.toPlainString());
        }
        row.put("QYDM", i % 3 == 0 ? null : HazardReports.CREDIT_CODES[i % HazardReports.CREDIT_CODES.length]);
        row.put("SBR", HazardReports.NAMES[i % HazardReports.NAMES.length]);
        row.put("LXDH", HazardReports.PHONES[i % HazardReports.PHONES.length]);
        row.put("ZT", List.of("1", "2", "5").get(i % 3));
        row.put("ZGQX", switch (i % 3) {
            case 0 -> String.format("2024%02d%02d", month, day);
            case 1 -> "2024年" + month + "月" + day + "日";
            default -> null;
        });
        row.put("BZ", i % 2 == 0 ? "网格员上报" : "");
        return row;
    }

    private static String fullWidth(String digits) {
        StringBuilder out = new StringBuilder(digits.length());
        digits.chars().forEach(c -> out.append((char) (c + 0xFEE0)));
        return out.toString();
    }

    /** Map, coerce every field, validate against the JSON Schema, key and content hash: one record. */
    @Benchmark
    @Warmup(iterations = 8, time = 1)
    public RecordMapper.Result normalizeAndValidate() {
        return mapper.map(raw);
    }

    /** The same as normalizeAndValidate over 1,000 distinct rows per operation; the score is still records/s. */
    @Benchmark
    @Warmup(iterations = 8, time = 1)
    @OperationsPerInvocation(BATCH)
    public void normalizeAndValidateBatch(Blackhole bh) {
        for (Map<String, Object> row : batch) {
            bh.consume(mapper.map(row));
        }
    }

    /** JSON Schema validation alone, of the normalized record. */
    @Benchmark
    public Object validateOnly() {
        return schema.validate(normalized);
    }

    /** Content hash alone (serialize the normalized record, SHA-256, hex), the last step of normalizeAndValidate. */
    @Benchmark
    @Warmup(iterations = 4, time = 1)
    public String contentHashOnly() {
        return RecordMapper.contentHash(normalized);
    }

    /** Ceiling: parse and write the same record with Jackson, nothing else. */
    @Benchmark
    public byte[] jacksonReadWriteCeiling() throws Exception {
        JsonNode node = JSON.readTree(normalizedJson);
        return JSON.writeValueAsBytes(node);
    }
}
