package io.onceonly.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.normalize.FieldMapping;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;

/**
 * Normalize + validate of one realistic 15-column safety hazard report, as a township's grid system exports it
 * (Chinese dates, full-width digits, spaced phone numbers), against a ceiling measured in the same run: Jackson
 * reading and writing the same record, the least any JSON pipeline does per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgs = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class NormalizeBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordMapper mapper;
    private SharedSchema schema;
    private Map<String, Object> raw;
    private ObjectNode normalized;
    private byte[] normalizedJson;

    @Setup
    public void setUp() throws Exception {
        Path schemas = Files.isDirectory(Path.of("schemas")) ? Path.of("schemas") : Path.of(System.getProperty("onceonly.home", "."), "schemas");
        schema = SchemaCatalog.load(schemas).get(SchemaId.parse("safety-hazard-report/v1"));
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        map.put("report_id", new FieldMapping("YHBH", null, null, null, null, null, null));
        map.put("reported_at", new FieldMapping("SBSJ", null, null, "datetime", List.of("yyyy年M月d日 H:mm", "yyyyMMddHHmmss"), null, null));
        map.put("hazard_type", new FieldMapping("YHLX", null, null, null, null, Map.of("01", "fire", "02", "gas", "03", "electrical"), null));
        map.put("severity", new FieldMapping("YHDJ", null, null, null, null, Map.of("一般", "general", "重大", "major"), null));
        map.put("description", new FieldMapping("YHMS", null, null, null, null, null, null));
        map.put("division_code", new FieldMapping("XZQH", null, null, "division-code", null, null, null));
        map.put("location_description", new FieldMapping("WZMS", null, null, null, null, null, null));
        map.put("longitude", new FieldMapping("JD", null, null, null, null, null, null));
        map.put("latitude", new FieldMapping("WD", null, null, null, null, null, null));
        map.put("enterprise_id", new FieldMapping("QYDM", null, null, "social-credit-code", null, null, null));
        map.put("reporter_name", new FieldMapping("SBR", null, null, null, null, null, null));
        map.put("reporter_phone", new FieldMapping("LXDH", null, null, "phone", null, null, null));
        map.put("status", new FieldMapping("ZT", null, null, null, null, Map.of("1", "reported", "2", "assigned", "5", "closed"), null));
        map.put("rectify_deadline", new FieldMapping("ZGQX", null, null, "date", List.of("yyyyMMdd", "yyyy年M月d日"), null, null));
        mapper = new RecordMapper(schema, map, ZoneId.of("Asia/Shanghai"));

        raw = new LinkedHashMap<>();
        raw.put("YHBH", "XHZ-YH-2024-00318");
        raw.put("SBSJ", "2024年3月5日 9:30");
        raw.put("YHLX", "01");
        raw.put("YHDJ", "一般");
        raw.put("YHMS", " 楼道内堆放大量纸箱和废旧家具，堵塞安全出口，且有电动自行车在楼道内充电。 ");
        raw.put("XZQH", "３３０１０６００４００１");
        raw.put("WZMS", "星光社区文三路12号3幢2单元一楼楼道");
        raw.put("JD", "120.1378");
        raw.put("WD", "30.2786");
        raw.put("QYDM", "91350100m000100y43");
        raw.put("SBR", "孙丽萍");
        raw.put("LXDH", "150 8871 2345");
        raw.put("ZT", "2");
        raw.put("ZGQX", "20240312");
        raw.put("BZ", "网格员上报"); // a 15th column the schema does not take
        RecordMapper.Result result = mapper.map(raw);
        if (!result.accepted()) {
            throw new IllegalStateException("The benchmark record does not map: " + result.problems());
        }
        normalized = result.mapped().record();
        normalizedJson = JSON.writeValueAsBytes(normalized);
    }

    /** Map, coerce every field, validate against the JSON Schema, key and content hash. */
    @Benchmark
    public RecordMapper.Result normalizeAndValidate() {
        return mapper.map(raw);
    }

    /** JSON Schema validation alone, of the normalized record. */
    @Benchmark
    public Object validateOnly() {
        return schema.validate(normalized);
    }

    /** Ceiling: parse and write the same record with Jackson, nothing else. */
    @Benchmark
    public byte[] jacksonReadWriteCeiling() throws Exception {
        JsonNode node = JSON.readTree(normalizedJson);
        return JSON.writeValueAsBytes(node);
    }
}
