package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;

class RecordMapperTest {
    private static SharedSchema schema;
    private static RecordMapper mapper;

    @BeforeAll
    static void townshipAMapping() {
        schema = SchemaCatalog.load(Path.of("schemas")).get(SchemaId.parse("cultural-activity/v1"));
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        map.put("activity_id", new FieldMapping(null, "320115101-{HDBH}", null, null, null, null, null, null));
        map.put("title", new FieldMapping("HDMC", null, null, null, null, null, null, null));
        Map<String, String> categories = new LinkedHashMap<>();
        categories.put("01", "performance");
        categories.put("03", "lecture");
        map.put("category", new FieldMapping("HDLX", null, null, null, null, null, categories, null));
        map.put("activity_date", new FieldMapping("HDRQ", null, null, null, "date", List.of("yyyyMMdd", "yyyy年M月d日"), null, null));
        map.put("venue", new FieldMapping("HDDD", null, null, null, null, null, null, "街道文化站"));
        map.put("division_code", new FieldMapping(null, null, "320115101000", null, null, null, null, null));
        map.put("organizer_name", new FieldMapping("ZZMC", null, null, null, null, null, null, null));
        map.put("organizer_id", new FieldMapping("ZZDM", null, null, null, "social-credit-code", null, null, null));
        map.put("participant_count", new FieldMapping("CYRS", null, null, null, null, null, null, null));
        map.put("contact_phone", new FieldMapping("LXDH", null, null, null, "phone", null, null, null));
        mapper = new RecordMapper(schema, map, ZoneId.of("Asia/Shanghai"));
    }

    private static Map<String, Object> row() {
        Map<String, Object> row = new HashMap<>();
        row.put("HDBH", 7);
        row.put("HDMC", "  老年人防诈骗讲座 ");
        row.put("HDLX", "03");
        row.put("HDRQ", "2024年3月12日");
        row.put("HDDD", null);
        row.put("ZZMC", "秣陵派出所");
        row.put("ZZDM", "12320115466002378g");
        row.put("CYRS", "６０");
        row.put("LXDH", "139 1234 5678");
        row.put("GXSJ", LocalDateTime.of(2024, 3, 1, 9, 0));
        return row;
    }

    @Test
    void mapsMessyDepartmentValuesIntoTheSchema() {
        RecordMapper.Result result = mapper.map(row());
        assertThat(result.problems()).isEmpty();
        var record = result.mapped().record();
        assertThat(result.mapped().key()).isEqualTo("320115101-7");
        assertThat(record.path("title").asText()).isEqualTo("老年人防诈骗讲座");
        assertThat(record.path("category").asText()).isEqualTo("lecture");
        assertThat(record.path("activity_date").asText()).isEqualTo("2024-03-12");
        assertThat(record.path("venue").asText()).as("default applies when the column is empty").isEqualTo("街道文化站");
        assertThat(record.path("organizer_id").asText()).isEqualTo("12320115466002378G");
        assertThat(record.path("participant_count").asLong()).isEqualTo(60L);
        assertThat(record.path("contact_phone").asText()).isEqualTo("13912345678");
        assertThat(record.has("GXSJ")).isFalse();
    }

    @Test
    void aValueOverTheFieldLimitIsRejectedBySizeWithoutBeingParsedOrShown() {
        Map<String, Object> row = row();
        row.put("HDMC", "长".repeat(RecordMapper.MAX_FIELD_BYTES / 3 + 1)); // 3 bytes each in UTF-8
        RecordMapper.Result result = mapper.map(row);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo("field-too-large");
            assertThat(p.field()).isEqualTo("title");
            assertThat(p.message()).isEqualTo("title: is 65538 bytes, over the limit of 65536 bytes for one value. "
                    + "Shorten it in the source system");
        });
        row.put("HDMC", "长".repeat(RecordMapper.MAX_FIELD_BYTES / 3)); // within the limit: the schema's maxLength decides
        assertThat(mapper.map(row).problems()).extracting(RecordMapper.Rejection::rule).containsExactly("maxLength");
    }

    @Test
    void aRecordOverTheRecordLimitIsRejectedWhole(@org.junit.jupiter.api.io.TempDir Path schemas) throws Exception {
        // A schema whose strings have no maxLength: only the record limit keeps a record within Kafka's message size.
        StringBuilder properties = new StringBuilder("\"id\": {\"type\": \"string\", \"title\": \"Id / 编号\", "
                + "\"description\": \"Id. / 编号。\", \"x-sensitivity\": \"internal\"}");
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        map.put("id", new FieldMapping("id", null, null, null, null, null, null, null));
        Map<String, Object> row = new HashMap<>();
        row.put("id", "1");
        for (int i = 0; i < 17; i++) {
            properties.append(", \"note_").append(i).append("\": {\"type\": \"string\", \"title\": \"Note / 备注\", "
                    + "\"description\": \"Note. / 备注。\", \"x-sensitivity\": \"public\"}");
            map.put("note_" + i, new FieldMapping("note_" + i, null, null, null, null, null, null, null));
            row.put("note_" + i, "x".repeat(60_000));
        }
        java.nio.file.Files.createDirectories(schemas.resolve("notes"));
        java.nio.file.Files.writeString(schemas.resolve("notes/v1.schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://onceonly.io/schemas/notes/v1",
                 "title": "Notes / 备注", "description": "Notes. / 备注。", "type": "object", "x-key": ["id"],
                 "x-owner": "township", "additionalProperties": false, "required": ["id"], "properties": {%s}}
                """.formatted(properties));
        SharedSchema notes = SchemaCatalog.load(schemas).get(SchemaId.parse("notes/v1"));
        RecordMapper.Result result = new RecordMapper(notes, map, ZoneId.of("Asia/Shanghai")).map(row);
        assertThat(result.accepted()).isFalse();
        assertThat(result.key()).as("the entity is known, so the reject names it").isEqualTo("1");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo("record-too-large");
            assertThat(p.message()).startsWith("(record): is 1020").contains("over the limit of 1000000 bytes for one record");
        });
        row.put("note_0", "x");
        assertThat(new RecordMapper(notes, map, ZoneId.of("Asia/Shanghai")).map(row).accepted()).isTrue();
    }

    @Test
    void columnNamesMatchWithoutRegardToCase() {
        Map<String, Object> lower = new HashMap<>();
        row().forEach((k, v) -> lower.put(k.toLowerCase(), v));
        assertThat(mapper.map(lower).mapped().contentHash()).isEqualTo(mapper.map(row()).mapped().contentHash());
    }

    @Test
    void reportsEveryProblemOfARecordAtOnce() {
        Map<String, Object> row = row();
        row.put("HDRQ", "2024-13-45");
        row.put("HDLX", "42");
        row.put("ZZDM", "12320115466002378A");
        RecordMapper.Result result = mapper.map(row);
        assertThat(result.accepted()).isFalse();
        assertThat(result.problems()).extracting(RecordMapper.Rejection::field)
                .containsExactlyInAnyOrder("activity_date", "category", "organizer_id");
        assertThat(result.problems()).extracting(RecordMapper.Rejection::message)
                .contains("activity_date: '2024-13-45' is not a date in any of [yyyyMMdd, yyyy年M月d日]",
                        "category: '42' is not in the code list [01, 03]");
    }

    @Test
    void missingRequiredValueIsRejectedBySchemaValidation() {
        Map<String, Object> row = row();
        row.put("HDMC", "   ");
        RecordMapper.Result result = mapper.map(row);
        assertThat(result.problems()).extracting(RecordMapper.Rejection::field).containsExactly("title");
    }

    @Test
    void personalValuesAreMaskedInReasons() {
        Map<String, Object> row = row();
        row.put("LXDH", "12345678901234");
        RecordMapper.Result result = mapper.map(row);
        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0).field()).isEqualTo("contact_phone");
        assertThat(result.problems().get(0).message()).doesNotContain("12345678901234");
        assertThat(result.problems().get(0).value()).doesNotContain("45678901");
    }

    @Test
    void aMappingWithoutATypeGetsTheSchemasDomainTypeWithItsCheckCharacter() {
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        map.put("activity_id", new FieldMapping("ID", null, null, null, null, null, null, null));
        map.put("title", new FieldMapping("T", null, null, null, null, null, null, null));
        map.put("category", new FieldMapping(null, null, "lecture", null, null, null, null, null));
        map.put("activity_date", new FieldMapping(null, null, "2024-03-05", null, null, null, null, null));
        map.put("venue", new FieldMapping(null, null, "文化站", null, null, null, null, null));
        map.put("division_code", new FieldMapping(null, null, "320115101000", null, null, null, null, null));
        map.put("organizer_name", new FieldMapping(null, null, "秣陵派出所", null, null, null, null, null));
        map.put("organizer_id", new FieldMapping("ZZDM", null, null, null, null, null, null, null));
        RecordMapper plain = new RecordMapper(schema, map, ZoneId.of("Asia/Shanghai"));
        Map<String, Object> row = new HashMap<>(Map.of("ID", "a-1", "T", "讲座", "ZZDM", "９１３５０１００m０００１００y４３"));
        assertThat(plain.map(row).mapped().record().path("organizer_id").asText()).isEqualTo("91350100M000100Y43");
        row.put("ZZDM", "91350100M000100Y44");
        assertThat(plain.map(row).problems()).extracting(RecordMapper.Rejection::message)
                .containsExactly("organizer_id: '91350100M000100Y44' is not a unified social credit code: the check character does not match");
    }

    @Test
    void equalContentHasEqualHashAndAnyChangeChangesIt() {
        String hash = mapper.map(row()).mapped().contentHash();
        Map<String, Object> changed = row();
        changed.put("HDMC", "老年人防诈骗讲座（第二期）");
        assertThat(mapper.map(row()).mapped().contentHash()).isEqualTo(hash);
        assertThat(mapper.map(changed).mapped().contentHash()).isNotEqualTo(hash);
    }

    /** The JSON an API or file gives: nested objects and arrays, a name in one field, a composite code. */
    private static RecordMapper nestedMapper() {
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        map.put("activity_id", new FieldMapping(null, "{org.code}-{no}", null, null, null, null, null, null));
        map.put("title", new FieldMapping("detail.title", null, null, null, null, null, null, null));
        map.put("category", new FieldMapping("kind", null, null, new FieldMapping.Split("/", -1), null, null, null, null));
        map.put("activity_date", new FieldMapping("schedule.0.day", null, null, null, "date", List.of("yyyy/M/d"), null, null));
        map.put("venue", new FieldMapping("place", null, null, new FieldMapping.Split("-", 2), null, null, null, null));
        map.put("division_code", new FieldMapping(null, null, "320115101000", null, null, null, null, null));
        map.put("organizer_name", new FieldMapping("org.name", null, null, null, null, null, null, null));
        return new RecordMapper(schema, map, ZoneId.of("Asia/Shanghai"));
    }

    private static Map<String, Object> nestedRecord() {
        Map<String, Object> record = new HashMap<>();
        record.put("no", 12);
        record.put("org", Map.of("Code", "MLJD", "name", "秣陵街道"));
        record.put("detail", Map.of("title", "广场舞比赛"));
        record.put("kind", "culture/sports");
        record.put("schedule", List.of(Map.of("day", "2024/3/5"), Map.of("day", "2024/3/6")));
        record.put("place", "秣陵-文化广场-东区");
        return record;
    }

    @Test
    void fillsFieldsFromNestedObjectsArraysTemplatesAndParts() {
        RecordMapper.Result result = nestedMapper().map(nestedRecord());
        assertThat(result.problems()).isEmpty();
        var record = result.mapped().record();
        assertThat(record.path("activity_id").asText()).isEqualTo("MLJD-12");
        assertThat(record.path("title").asText()).isEqualTo("广场舞比赛");
        assertThat(record.path("category").asText()).isEqualTo("sports");
        assertThat(record.path("activity_date").asText()).isEqualTo("2024-03-05");
        assertThat(record.path("venue").asText()).isEqualTo("文化广场");
        assertThat(record.path("organizer_name").asText()).isEqualTo("秣陵街道");
    }

    @Test
    void aMissingNestedPathOrPartLeavesTheFieldEmptySoARequiredFieldIsRejected() {
        Map<String, Object> record = nestedRecord();
        record.put("detail", Map.of("subtitle", "x"));
        record.put("place", "文化广场");
        RecordMapper.Result result = nestedMapper().map(record);
        assertThat(result.problems()).extracting(RecordMapper.Rejection::field).contains("title");
        assertThat(result.mapped()).isNull();
    }

    @Test
    void aRejectedRecordStillKnowsItsEntityWhenTheKeyFieldsAreFine() {
        Map<String, Object> badDate = row();
        badDate.put("HDRQ", "2024-13-45");
        RecordMapper.Result result = mapper.map(badDate);
        assertThat(result.accepted()).isFalse();
        assertThat(result.key()).isEqualTo("320115101-7");
        Map<String, Object> noKey = row();
        noKey.remove("HDBH");
        assertThat(mapper.map(noKey).key()).isNull();
    }
}
