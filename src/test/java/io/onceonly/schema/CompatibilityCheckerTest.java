package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.function.Consumer;

import static io.onceonly.schema.Compatibility.BACKWARD;
import static io.onceonly.schema.Compatibility.FORWARD;
import static io.onceonly.schema.Compatibility.FULL;
import static io.onceonly.schema.Compatibility.NONE;
import static io.onceonly.schema.SchemaFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CompatibilityCheckerTest {
    private static final String OPTIONAL_PHONE = """
            {"type": "string", "pattern": "^1[3-9][0-9]{9}$", "title": "Phone / 电话",
             "description": "Mobile. / 手机。", "x-sensitivity": "personal"}
            """;

    private static ObjectNode earlier() {
        return SchemaFiles.minimal("resident", 1);
    }

    private static ObjectNode later(Consumer<ObjectNode> change) {
        ObjectNode schema = earlier();
        change.accept(schema);
        return schema;
    }

    private static List<Incompatibility> check(Compatibility mode, JsonNode later) {
        return CompatibilityChecker.check(mode, earlier(), "resident/v1 r1", later, "resident/v1 r2 (current)");
    }

    private static ObjectNode property(ObjectNode schema, String name) {
        return (ObjectNode) schema.get("properties").get(name);
    }

    @ParameterizedTest
    @EnumSource(Compatibility.class)
    void anUnchangedSchemaIsCompatibleUnderEveryMode(Compatibility mode) {
        assertThat(check(mode, earlier())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Compatibility.class)
    void newTitlesDescriptionsAndSensitivityChangeNoRecord(Compatibility mode) {
        ObjectNode later = later(s -> {
            property(s, "name").put("title", "Full name / 姓名").put("x-sensitivity", "sensitive");
            s.put("description", "Another description. / 另一段说明。");
        });

        assertThat(check(mode, later)).isEmpty();
    }

    @Test
    void addingAnOptionalFieldIsBackwardButNotForwardCompatible() {
        ObjectNode later = later(s -> ((ObjectNode) s.get("properties")).set("phone", json(OPTIONAL_PHONE)));

        assertThat(check(BACKWARD, later)).isEmpty();
        assertThat(check(FORWARD, later)).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("phone");
            assertThat(i.rule()).isEqualTo("additionalProperties");
            assertThat(i.message()).isEqualTo("phone (rule additionalProperties): is declared in resident/v1 r2 "
                    + "(current) but not in resident/v1 r1, which is closed, so records valid under resident/v1 r2 "
                    + "(current) would be refused by readers still on resident/v1 r1 (FORWARD)");
        });
        assertThat(check(FULL, later)).hasSize(1);
    }

    @Test
    void removingAnOptionalFieldIsForwardButNotBackwardCompatible() {
        ObjectNode later = later(s -> ((ObjectNode) s.get("properties")).remove("count"));

        assertThat(check(FORWARD, later)).isEmpty();
        assertThat(check(BACKWARD, later)).extracting(Incompatibility::field, Incompatibility::rule)
                .containsExactly(tuple("count", "additionalProperties"));
    }

    @Test
    void makingAFieldRequiredBreaksBackwardCompatibility() {
        ObjectNode later = later(s -> ((ArrayNode) s.get("required")).add("count"));

        assertThat(check(BACKWARD, later)).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("count");
            assertThat(i.rule()).isEqualTo("required");
            assertThat(i.message()).isEqualTo("count (rule required): is required in resident/v1 r2 (current) but "
                    + "optional in resident/v1 r1, so records valid under resident/v1 r1 would be refused under "
                    + "resident/v1 r2 (current) (BACKWARD)");
        });
        assertThat(check(FORWARD, later)).isEmpty();
    }

    @Test
    void narrowingAConstraintBreaksBackwardAndWideningItBreaksForward() {
        ObjectNode narrower = later(s -> {
            property(s, "name").put("maxLength", 10);
            property(s, "count").put("minimum", 1).put("type", "integer");
        });
        ObjectNode wider = later(s -> {
            property(s, "name").remove("maxLength");
            property(s, "count").put("type", "number");
        });

        assertThat(check(BACKWARD, narrower)).extracting(Incompatibility::field, Incompatibility::rule)
                .containsExactly(tuple("name", "maxLength"), tuple("count", "minimum"));
        assertThat(check(FORWARD, narrower)).isEmpty();
        assertThat(check(BACKWARD, wider)).isEmpty();
        assertThat(check(FORWARD, wider)).extracting(Incompatibility::field, Incompatibility::rule)
                .containsExactly(tuple("name", "maxLength"), tuple("count", "type"));
    }

    @Test
    void changingATypeOrPatternOrFormatBreaksBothDirections() {
        ObjectNode later = later(s -> {
            property(s, "record_id").put("type", "integer");
            property(s, "name").put("pattern", "^[\\u4e00-\\u9fa5]+$");
            property(s, "count").put("format", "int32");
        });

        assertThat(check(FULL, later)).extracting(Incompatibility::field, Incompatibility::rule).containsExactly(
                tuple("record_id", "type"), tuple("name", "pattern"), tuple("count", "format"),
                tuple("record_id", "type"));
    }

    @Test
    void droppingAnEnumValueBreaksBackwardAndAddingOneBreaksForward() {
        JsonNode base = later(s -> property(s, "name").set("enum", json("[\"a\", \"b\"]")));
        ObjectNode fewer = later(s -> property(s, "name").set("enum", json("[\"a\"]")));
        ObjectNode more = later(s -> property(s, "name").set("enum", json("[\"a\", \"b\", \"c\"]")));

        assertThat(CompatibilityChecker.check(BACKWARD, base, "r1", fewer, "r2")).singleElement()
                .satisfies(i -> assertThat(i.message()).startsWith("name (rule enum): allows \"b\" in r1 but not in r2"));
        assertThat(CompatibilityChecker.check(BACKWARD, base, "r1", more, "r2")).isEmpty();
        assertThat(CompatibilityChecker.check(FORWARD, base, "r1", more, "r2")).singleElement()
                .satisfies(i -> assertThat(i.message()).startsWith("name (rule enum): allows \"c\" in r2 but not in r1"));
    }

    @Test
    void changingTheKeyIsRefusedUnderEveryModeIncludingNone() {
        ObjectNode later = later(s -> {
            s.set("x-key", json("[\"record_id\", \"name\"]"));
        });

        assertThat(check(NONE, later)).singleElement().satisfies(i -> {
            assertThat(i.rule()).isEqualTo("x-key");
            assertThat(i.message()).contains("[\"record_id\"] in resident/v1 r1")
                    .contains("never changes within a major version");
        });
    }

    @Test
    void noneAllowsAnyOtherChange() {
        ObjectNode later = later(s -> {
            ((ObjectNode) s.get("properties")).remove("count");
            property(s, "name").put("type", "integer");
        });

        assertThat(check(NONE, later)).isEmpty();
    }

    @Test
    void checksNestedObjectsAndArrayItems() {
        String members = """
                {"type": "array", "title": "Members / 成员", "description": "Members. / 成员。",
                 "x-sensitivity": "personal",
                 "items": {"type": "object", "additionalProperties": false, "required": ["id_number"],
                           "properties": {"id_number": {"type": "string"},
                                          "relation": {"type": "string", "enum": ["head", "spouse", "child"]}}}}
                """;
        ObjectNode base = later(s -> ((ObjectNode) s.get("properties")).set("members", json(members)));
        ObjectNode changed = base.deepCopy();
        ObjectNode items = (ObjectNode) changed.at("/properties/members/items");
        ((ArrayNode) items.get("required")).add("relation");
        ((ObjectNode) items.at("/properties/relation")).set("enum", json("[\"head\", \"spouse\"]"));

        assertThat(CompatibilityChecker.check(BACKWARD, base, "r1", changed, "r2"))
                .extracting(Incompatibility::field, Incompatibility::rule, Incompatibility::topLevelField)
                .containsExactly(tuple("members[].relation", "required", "members"),
                        tuple("members[].relation", "enum", "members"));
    }

    @Test
    void refusesChangesToKeywordsItCannotProve() {
        ObjectNode later = later(s -> property(s, "name").set("anyOf", json("[{\"minLength\": 2}]")));

        assertThat(check(BACKWARD, later)).singleElement().satisfies(i -> {
            assertThat(i.rule()).isEqualTo("anyOf");
            assertThat(i.message()).contains("cannot prove compatible");
        });
    }

    @Test
    void closingAnOpenObjectBreaksBackwardCompatibility() {
        ObjectNode open = later(s -> s.remove("additionalProperties"));

        assertThat(CompatibilityChecker.check(BACKWARD, open, "r1", earlier(), "r2"))
                .extracting(Incompatibility::field, Incompatibility::rule)
                .containsExactly(tuple("", "additionalProperties"));
        assertThat(CompatibilityChecker.check(BACKWARD, earlier(), "r1", open, "r2")).isEmpty();
    }
}
