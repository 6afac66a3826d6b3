package io.onceonly.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static io.onceonly.schema.SchemaFiles.minimal;
import static io.onceonly.schema.SchemaFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SchemaCatalogTest {
    private static final SchemaId ACTIVITY = SchemaId.parse("cultural-activity/v1");

    @TempDir
    Path dir;

    @Test
    void loadsTheRepositorysCatalog() {
        SchemaCatalog catalog = SchemaCatalog.load(SchemaFiles.repositorySchemas());

        assertThat(catalog.all()).extracting(SharedSchema::id).contains(ACTIVITY);
        SharedSchema activity = catalog.get(ACTIVITY);
        assertThat(activity.uri()).isEqualTo(URI.create("https://onceonly.io/schemas/cultural-activity/v1"));
        assertThat(activity.keyFields()).containsExactly("activity_id");
        assertThat(activity.owner()).isEqualTo("township");
        assertThat(activity.fields().keySet()).containsExactly("activity_id", "title", "category", "activity_date",
                "venue", "division_code", "organizer_name", "organizer_id", "participant_count", "contact_phone",
                "description");
        assertThat(activity.required()).containsExactly("activity_id", "title", "category", "activity_date", "venue",
                "division_code", "organizer_name");
        assertThat(activity.title()).isEqualTo("Cultural activity / 文化活动");
    }

    @Test
    void describesEachFieldOfTheActivitySchema() {
        SharedSchema activity = SchemaCatalog.load(SchemaFiles.repositorySchemas()).get(ACTIVITY);

        assertThat(activity.fields().get("activity_date")).isEqualTo(new SchemaField("activity_date", "string", "date",
                Sensitivity.PUBLIC, true, "Activity date / 活动日期",
                "Date the activity took place (or starts), yyyy-MM-dd, Beijing time. / 活动举办（开始）日期，格式 "
                        + "yyyy-MM-dd，北京时间。", null));
        SchemaField phone = activity.fields().get("contact_phone");
        assertThat(phone.domainType()).isEqualTo("phone");
        assertThat(phone.sensitivity()).isEqualTo(Sensitivity.PERSONAL);
        assertThat(phone.required()).isFalse();
        assertThat(activity.fields().get("participant_count").type()).isEqualTo("integer");
        assertThat(activity.fields().get("title").format()).isNull();
    }

    @Test
    void everySchemaInTheRepositoryHasExamplesOfBothKinds() {
        for (SharedSchema schema : SchemaCatalog.load(SchemaFiles.repositorySchemas()).all()) {
            Path examples = SchemaFiles.repositorySchemas().resolve(schema.id().name()).resolve("examples");
            assertThat(examples.resolve("..").normalize()).isDirectory();
            assertThat(examples.toFile().list((d, n) -> n.startsWith("valid-") && n.endsWith(".json")))
                    .as("valid examples of %s", schema.id()).isNotEmpty();
            assertThat(examples.toFile().list((d, n) -> n.startsWith("invalid-") && n.endsWith(".json")))
                    .as("invalid examples of %s", schema.id()).isNotEmpty();
        }
    }

    @Test
    void findsAndListsSchemasInNameAndVersionOrder() {
        write(dir, "resident/v2.schema.json", minimal("resident", 2));
        write(dir, "resident/v1.schema.json", minimal("resident", 1));
        write(dir, "enterprise/v1.schema.json", minimal("enterprise", 1));
        write(dir, "README.md", "# schemas");

        SchemaCatalog catalog = SchemaCatalog.load(dir);

        assertThat(catalog.all()).extracting(s -> s.id().toString())
                .containsExactly("enterprise/v1", "resident/v1", "resident/v2");
        assertThat(catalog.find(new SchemaId("resident", 2))).isPresent();
        assertThat(catalog.find(new SchemaId("resident", 3))).isEmpty();
    }

    @Test
    void getOfAnUnknownSchemaNamesTheKnownOnes() {
        write(dir, "resident/v1.schema.json", minimal("resident", 1));
        write(dir, "enterprise/v1.schema.json", minimal("enterprise", 1));
        SchemaCatalog catalog = SchemaCatalog.load(dir);

        assertThatThrownBy(() -> catalog.get(SchemaId.parse("household/v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'household/v1'")
                .hasMessageContaining("[enterprise/v1, resident/v1]");
    }

    @Test
    void refusesAFileThatIsNotJson() {
        write(dir, "resident/v1.schema.json", "{ \"type\": \"object\", }");

        assertThat(problems()).singleElement().asString()
                .startsWith(dir.getFileName() + "/resident/v1.schema.json: is not valid JSON")
                .contains("line 1");
    }

    @Test
    void refusesAFileWithADuplicateJsonKey() {
        write(dir, "resident/v1.schema.json", minimal("resident", 1).toPrettyString()
                .replace("\"type\" : \"object\",", "\"type\" : \"object\", \"type\" : \"array\","));

        assertThat(problems()).singleElement().asString().contains("is not valid JSON").contains("type");
    }

    @Test
    void refusesASchemaThatIsNotValidJsonSchema2020() {
        ObjectNode schema = minimal("resident", 1);
        ((ObjectNode) schema.at("/properties/count")).put("minimum", "zero");
        ((ObjectNode) schema.at("/properties/name")).put("pattern", "^(1[3-9");
        schema.put("required", "record_id");
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems())
                .anySatisfy(p -> assertThat(p).contains("at '/properties/name/pattern'")
                        .contains("valid ECMA-262 regular expression"))
                .anySatisfy(p -> assertThat(p).contains("resident/v1.schema.json")
                        .contains("is not valid JSON Schema 2020-12 at '/properties/count/minimum'"))
                .anySatisfy(p -> assertThat(p).contains("is not valid JSON Schema 2020-12 at '/required'"));
    }

    @Test
    void refusesASchemaOfAnotherDialect() {
        write(dir, "resident/v1.schema.json",
                minimal("resident", 1).put("$schema", "http://json-schema.org/draft-07/schema#"));

        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("\"$schema\" is not JSON Schema 2020-12")
                .contains("https://json-schema.org/draft/2020-12/schema"));
    }

    @Test
    void refusesADuplicateVersion() {
        write(dir, "resident/v1.schema.json", minimal("resident", 1));
        // Copied to start v2, but the $id still says v1.
        write(dir, "resident/v2.schema.json", minimal("resident", 1));

        assertThat(problems())
                .anySatisfy(p -> assertThat(p).contains("resident/v1.schema.json and ")
                        .contains("resident/v2.schema.json: duplicate version")
                        .contains("'https://onceonly.io/schemas/resident/v1'"))
                .anySatisfy(p -> assertThat(p).contains("resident/v2.schema.json: \"$id\" does not match the file name")
                        .contains("ending in '/resident/v2'"));
    }

    @Test
    void refusesASchemaWithoutKey() {
        ObjectNode schema = minimal("resident", 1);
        schema.remove("x-key");
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems()).singleElement().asString()
                .contains("resident/v1.schema.json: \"x-key\" is missing")
                .contains("Name the fields that identify the entity");
    }

    @Test
    void refusesAKeyFieldThatIsNotRequired() {
        ObjectNode schema = minimal("resident", 1);
        ((ArrayNode) schema.get("x-key")).add("count");
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems()).singleElement().asString()
                .contains("resident/v1.schema.json: key field 'count' is not required. Add it to \"required\"");
    }

    @Test
    void refusesAKeyFieldThatIsNotDeclared() {
        ObjectNode schema = minimal("resident", 1);
        schema.set("x-key", SchemaFiles.json("[\"resident_id\"]"));
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems()).singleElement().asString().contains("key field 'resident_id' is not declared");
    }

    @Test
    void refusesASchemaThatIsNotClosed() {
        ObjectNode open = minimal("resident", 1);
        open.remove("additionalProperties");
        write(dir, "resident/v1.schema.json", open);
        write(dir, "household/v1.schema.json", minimal("household", 1).put("additionalProperties", true));

        assertThat(problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("is not closed")
                .contains("Set \"additionalProperties\": false"));
    }

    @Test
    void refusesAFieldWithoutSensitivity() {
        ObjectNode schema = minimal("resident", 1);
        ((ObjectNode) schema.at("/properties/name")).remove("x-sensitivity");
        ((ObjectNode) schema.at("/properties/count")).put("x-sensitivity", "secret");
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems())
                .anySatisfy(p -> assertThat(p).contains("field 'name' has no valid \"x-sensitivity\": 'absent'"))
                .anySatisfy(p -> assertThat(p).contains("field 'count' has no valid \"x-sensitivity\": 'secret'")
                        .contains("public, internal, personal, sensitive"));
    }

    @Test
    void refusesAFileNameThatIsNotNameSlashVersion() {
        write(dir, "resident/v1.schema.json", minimal("resident", 1));
        write(dir, "resident/resident-v2.json", minimal("resident", 2));
        write(dir, "resident/v0.schema.json", minimal("resident", 0));
        write(dir, "resident.schema.json", minimal("resident", 1));
        write(dir, "Household/v1.schema.json", minimal("household", 1));

        assertThat(problems()).containsExactlyInAnyOrder(
                dir.getFileName() + "/Household: is not a valid schema name. Use lowercase words joined by '-', "
                        + "for example 'cultural-activity'.",
                dir.getFileName() + "/resident.schema.json: is not in a schema directory. Move it to "
                        + dir.getFileName() + "/<name>/v<N>.schema.json.",
                dir.getFileName() + "/resident/resident-v2.json: file name does not match " + dir.getFileName()
                        + "/<name>/v<N>.schema.json. Rename it, for example to " + dir.getFileName()
                        + "/resident/v1.schema.json.",
                dir.getFileName() + "/resident/v0.schema.json: file name does not match " + dir.getFileName()
                        + "/<name>/v<N>.schema.json. Rename it, for example to " + dir.getFileName()
                        + "/resident/v1.schema.json.");
    }

    @Test
    void refusesTitlesThatAreNotBilingual() {
        ObjectNode schema = minimal("resident", 1);
        ((ObjectNode) schema.at("/properties/name")).put("title", "Name");
        schema.put("description", "只有中文。");
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems())
                .anySatisfy(p -> assertThat(p).contains("field 'name' has no bilingual \"title\": 'Name'"))
                .anySatisfy(p -> assertThat(p).contains("the schema has no bilingual \"description\""));
    }

    @Test
    void refusesAMissingOwnerAndAMissingId() {
        ObjectNode schema = minimal("resident", 1);
        schema.remove("x-owner");
        schema.remove("$id");
        write(dir, "resident/v1.schema.json", schema);

        assertThat(problems())
                .anySatisfy(p -> assertThat(p).contains("\"x-owner\" is missing"))
                .anySatisfy(p -> assertThat(p).contains("\"$id\" is missing"));
    }

    @Test
    void reportsEveryProblemInEveryFileAtOnce() {
        write(dir, "resident/v1.schema.json", "not json");
        ObjectNode household = minimal("household", 1);
        household.remove("x-key");
        household.remove("additionalProperties");
        write(dir, "household/v1.schema.json", household);
        write(dir, "enterprise/v1.schema.json", minimal("enterprise", 1));

        SchemaCatalogException e = catchThrowableOfType(SchemaCatalogException.class, () -> SchemaCatalog.load(dir));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("has 3 problems").contains("resident/v1.schema.json")
                .contains("household/v1.schema.json: \"x-key\"").contains("household/v1.schema.json: is not closed");
    }

    @Test
    void refusesAMissingDirectoryAndASchemaDirectoryWithoutVersions() {
        assertThatThrownBy(() -> SchemaCatalog.load(dir.resolve("nowhere")))
                .isInstanceOf(SchemaCatalogException.class).hasMessageContaining("is not a directory");

        write(dir, "resident/examples/valid-1.json", "{}");
        assertThat(problems()).singleElement().asString().contains("resident: has no schema version");
    }

    private List<String> problems() {
        return catchThrowableOfType(SchemaCatalogException.class, () -> SchemaCatalog.load(dir)).problems();
    }

    /** Earlier revisions of a major version kept in {@code <name>/history/}, checked at load. */
    @Nested
    class History {

        private ObjectNode withPhone(ObjectNode schema) {
            ((ObjectNode) schema.get("properties")).set("phone", SchemaFiles.json("""
                    {"type": "string", "title": "Phone / 电话", "description": "Mobile. / 手机。",
                     "x-sensitivity": "personal"}
                    """));
            return schema;
        }

        @Test
        void acceptsACompatibleRevisionAndCountsRevisions() {
            write(dir, "resident/history/v1.r1.schema.json", minimal("resident", 1));
            write(dir, "resident/v1.schema.json", withPhone(minimal("resident", 1)));

            SharedSchema resident = SchemaCatalog.load(dir).get(SchemaId.parse("resident/v1"));

            assertThat(resident.revision()).isEqualTo(2);
            assertThat(resident.compatibility()).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
            assertThat(resident.fields()).containsKey("phone");
        }

        @Test
        void refusesAnIncompatibleChangeNamingFieldAndRule() {
            write(dir, "resident/history/v1.r1.schema.json", minimal("resident", 1));
            ObjectNode current = minimal("resident", 1);
            ((ArrayNode) current.get("required")).add("count");
            write(dir, "resident/v1.schema.json", current);

            assertThat(problems()).singleElement().asString().isEqualTo(dir.getFileName()
                    + "/resident/v1.schema.json: breaks BACKWARD_TRANSITIVE compatibility with " + dir.getFileName()
                    + "/resident/history/v1.r1.schema.json: count (rule required): is required in resident/v1 r2 "
                    + "(current) but optional in resident/v1 r1, so records valid under resident/v1 r1 would be "
                    + "refused under resident/v1 r2 (current) (BACKWARD). Undo the change, or publish it as "
                    + "resident/v2, a new major version with its own topic.");
        }

        @Test
        void aTransitiveModeChecksEveryEarlierRevisionAndAPlainModeOnlyTheLatest() {
            ObjectNode r1 = minimal("resident", 1);
            ((ObjectNode) r1.at("/properties/name")).put("maxLength", 50);
            write(dir, "resident/history/v1.r1.schema.json", r1);
            write(dir, "resident/history/v1.r2.schema.json", minimal("resident", 1).put("x-compatibility", "NONE"));
            write(dir, "resident/v1.schema.json", minimal("resident", 1).put("x-compatibility", "BACKWARD"));

            assertThat(SchemaCatalog.load(dir).get(SchemaId.parse("resident/v1")).revision()).isEqualTo(3);

            write(dir, "resident/v1.schema.json", minimal("resident", 1));
            assertThat(problems()).singleElement().asString()
                    .contains("with " + dir.getFileName() + "/resident/history/v1.r1.schema.json: name (rule maxLength)")
                    .contains("has maxLength 20 in resident/v1 r3 (current) but 50 in resident/v1 r1");
        }

        @Test
        void forwardRefusesANewFieldInAClosedSchema() {
            write(dir, "resident/history/v1.r1.schema.json", minimal("resident", 1));
            write(dir, "resident/v1.schema.json", withPhone(minimal("resident", 1)).put("x-compatibility", "FULL"));

            assertThat(problems()).singleElement().asString()
                    .contains("breaks FULL compatibility")
                    .contains("phone (rule additionalProperties)")
                    .contains("(FORWARD)");
        }

        @Test
        void refusesAnUnknownCompatibilityMode() {
            write(dir, "resident/v1.schema.json", minimal("resident", 1).put("x-compatibility", "backward"));

            assertThat(problems()).singleElement().asString()
                    .contains("\"x-compatibility\" is not a compatibility mode: 'backward'")
                    .contains("BACKWARD_TRANSITIVE");
        }

        @Test
        void refusesHistoryThatDoesNotBelong() {
            write(dir, "resident/v1.schema.json", minimal("resident", 1));
            write(dir, "resident/history/v1-old.json", minimal("resident", 1));
            write(dir, "resident/history/v2.r1.schema.json", minimal("resident", 2));
            write(dir, "resident/history/v1.r1.schema.json", minimal("household", 1));
            write(dir, "resident/history/v1.r2.schema.json", "{");

            assertThat(problems()).hasSize(4)
                    .anySatisfy(p -> assertThat(p).contains("history/v1-old.json: file name does not match"))
                    .anySatisfy(p -> assertThat(p).contains("history/v2.r1.schema.json: is an earlier revision of v2, "
                            + "which does not exist"))
                    .anySatisfy(p -> assertThat(p).contains("history/v1.r1.schema.json: \"$id\" is "
                            + "'https://onceonly.io/schemas/household/v1'"))
                    .anySatisfy(p -> assertThat(p).contains("history/v1.r2.schema.json: is not valid JSON"));
        }

        @Test
        void aNewMajorVersionIsNotCheckedAgainstTheOldOne() {
            write(dir, "resident/v1.schema.json", minimal("resident", 1));
            ObjectNode v2 = minimal("resident", 2);
            ((ObjectNode) v2.at("/properties/record_id")).put("type", "integer");
            write(dir, "resident/v2.schema.json", v2);

            assertThat(SchemaCatalog.load(dir).all()).hasSize(2);
        }
    }
}
