package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.onceonly.schema.SchemaFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SharedSchemaTest {
    private static final SchemaCatalog CATALOG = SchemaCatalog.load(SchemaFiles.repositorySchemas());
    private static final SharedSchema ACTIVITY = CATALOG.get(SchemaId.parse("cultural-activity/v1"));

    private static ObjectNode validActivity() {
        return (ObjectNode) json("""
                {"activity_id": "XHZ-2024-0315", "title": "元宵节文艺汇演", "category": "performance",
                 "activity_date": "2024-02-24", "venue": "新河镇综合文化站", "division_code": "330106004000",
                 "organizer_name": "新河镇人民政府"}
                """);
    }

    @Test
    void acceptsAValidRecord() {
        assertThat(ACTIVITY.validate(validActivity())).isEmpty();
    }

    @Test
    void reportsEveryViolationAtOnceInFieldOrder() {
        ObjectNode record = validActivity();
        record.remove("venue");
        record.put("activity_date", "2024-13-45");
        record.put("category", "concert");
        record.put("participant_count", -3);
        record.put("division_code", "330106");
        record.put("organizer_nickname", "小王");

        List<Violation> violations = ACTIVITY.validate(record);

        assertThat(violations).extracting(Violation::field, Violation::rule, Violation::value).containsExactly(
                tuple("category", "enum", "concert"),
                tuple("activity_date", "format", "2024-13-45"),
                tuple("venue", "required", null),
                tuple("division_code", "pattern", "330106"),
                tuple("participant_count", "minimum", "-3"),
                tuple("organizer_nickname", "additionalProperties", "**"));
        assertThat(violations).extracting(Violation::message).containsExactly(
                "category: 'concert' is not one of performance, exhibition, lecture, sports, festival, volunteer, "
                        + "other",
                "activity_date: '2024-13-45' is not a date in the form yyyy-MM-dd",
                "venue: is required but missing",
                "division_code: '330106' does not match the pattern ^[0-9]{12}$",
                "participant_count: -3 is less than the minimum 0",
                "organizer_nickname: '**' is not allowed: cultural-activity/v1 has no such field and accepts only "
                        + "the fields it declares");
    }

    @Test
    void masksThePersonalValueInViolations() {
        ObjectNode record = validActivity();
        record.put("contact_phone", "138571123456");

        Violation violation = ACTIVITY.validate(record).get(0);

        assertThat(violation.field()).isEqualTo("contact_phone");
        assertThat(violation.rule()).isEqualTo("pattern");
        assertThat(violation.value()).isEqualTo("138*******56");
        assertThat(violation.message()).startsWith("contact_phone: '138*******56' does not match the pattern")
                .doesNotContain("138571123456");
    }

    @Test
    void masksAPersonalValueOfTheWrongType() {
        ObjectNode record = validActivity();
        record.put("contact_phone", 13857112345L);

        Violation violation = ACTIVITY.validate(record).get(0);

        assertThat(violation.rule()).isEqualTo("type");
        assertThat(violation.message()).isEqualTo("contact_phone: 138******45 is an integer, expected string");
    }

    @Test
    void describesTypeAndLengthProblems() {
        ObjectNode record = validActivity();
        record.put("participant_count", "八十");
        record.put("title", "演".repeat(201));
        record.put("activity_id", "");

        assertThat(ACTIVITY.validate(record)).extracting(Violation::message).containsExactly(
                "activity_id: '' is shorter than the minimum length 1",
                "title: '" + "演".repeat(99) + "…' is longer than the maximum length 200 (it has 201 characters)",
                "participant_count: '八十' is a string, expected integer");
    }

    @Test
    void reportsARecordThatIsNotAnObject() {
        assertThat(ACTIVITY.validate(json("[1, 2]"))).singleElement()
                .satisfies(v -> assertThat(v.field()).isEmpty())
                .satisfies(v -> assertThat(v.message()).isEqualTo("record: [2 items] is an array, expected object"));
    }

    @Test
    void namesNestedFieldsWithDotsAndIndexes(@TempDir Path dir) {
        ObjectNode schema = SchemaFiles.minimal("household", 1);
        ((ObjectNode) schema.get("properties")).set("members", json("""
                {"type": "array", "title": "Members / 成员", "description": "Who lives there. / 家庭成员。",
                 "x-sensitivity": "personal",
                 "items": {"type": "object", "additionalProperties": false, "required": ["id_number"],
                           "properties": {
                             "id_number": {"type": "string", "pattern": "^[0-9]{17}[0-9X]$",
                                           "x-sensitivity": "sensitive"},
                             "relation": {"type": "string", "enum": ["head", "spouse", "child"]},
                             "address": {"type": "object", "properties": {"room": {"type": "integer"}}}}}}
                """));
        SchemaFiles.write(dir, "household/v1.schema.json", schema);
        SharedSchema household = SchemaCatalog.load(dir).get(SchemaId.parse("household/v1"));
        JsonNode record = json("""
                {"record_id": "h1", "name": "张三",
                 "members": [{"id_number": "11010519491231002X", "relation": "head"},
                             {"id_number": "110105194912310", "relation": "uncle", "address": {"room": "5b"}},
                             {"relation": "child", "nick": "毛毛"}]}
                """);

        List<Violation> violations = household.validate(record);

        assertThat(violations).extracting(Violation::field, Violation::rule, Violation::value).containsExactly(
                tuple("members[1].id_number", "pattern", "***************"),
                // Nested fields without their own x-sensitivity inherit the personal class of "members".
                tuple("members[1].relation", "enum", "*****"),
                tuple("members[1].address.room", "type", "**"),
                tuple("members[2].nick", "additionalProperties", "**"),
                tuple("members[2].id_number", "required", null));
    }

    @Test
    void reportsAFieldRequiredByAnotherAsThatField() {
        SharedSchema hazard = CATALOG.get(SchemaId.parse("safety-hazard-report/v1"));
        JsonNode record = json("""
                {"report_id": "XHZ-YH-2024-00319", "reported_at": "2024-03-05T10:02:00+08:00",
                 "hazard_type": "electrical", "severity": "general", "description": "私拉电线",
                 "division_code": "330106004001", "location_description": "文三路40号", "longitude": 120.1391,
                 "status": "reported"}
                """);

        assertThat(hazard.validate(record)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("latitude");
            assertThat(v.rule()).isEqualTo("dependentRequired");
            assertThat(v.value()).isNull();
            assertThat(v.message()).isEqualTo("latitude: is required when longitude is given, but missing");
        });
    }

    @Test
    void hidesSensitiveHealthValuesWhole() {
        SharedSchema followup = CATALOG.get(SchemaId.parse("elderly-health-followup/v1"));
        JsonNode record = json("""
                {"followup_id": "GZ-SF-2024-1108", "id_number": "44200019680702713", "name": "梁志强",
                 "visit_date": "2024-11-08", "visit_type": "clinic", "institution_name": "古镇镇海洲村卫生站",
                 "division_code": "442000106003", "systolic_bp": 1486, "diastolic_bp": 90,
                 "chronic_conditions": ["高血压"]}
                """);

        assertThat(followup.validate(record)).extracting(Violation::message).containsExactly(
                "id_number: '*****************' does not match the pattern ^[0-9]{17}[0-9X]$",
                "systolic_bp: **** is greater than the maximum 300",
                "chronic_conditions[0]: '***' is not one of hypertension, diabetes, coronary_heart_disease, stroke, "
                        + "copd, other");
    }
}
