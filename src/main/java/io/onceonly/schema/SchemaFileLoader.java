package io.onceonly.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.onceonly.config.Problem;

/**
 * Reads one schema file and checks it against JSON Schema 2020-12 and the catalog's own rules, reporting each problem
 * with what to fix.
 */
final class SchemaFileLoader {
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final Set<String> KEY_TYPES = Set.of("string", "integer");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final SchemaRegistry registry;
    private final Schema metaSchema;

    SchemaFileLoader() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                // 2020-12 makes "format" an annotation by default; shared records must really be dates.
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .pathType(PathType.JSON_POINTER)
                .build();
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        metaSchema = registry.getSchema(SchemaLocation.of(DIALECT));
    }

    /** The file's JSON, or null after reporting why it cannot be read. */
    JsonNode readJson(Path file, String where, Consumer<Problem> problems) {
        try {
            JsonNode node = json.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                problems.accept(new Problem("", "is not a JSON object", null, "A schema file holds one JSON Schema object.")
                        .within(where));
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            problems.accept(new Problem("", "is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", null,
                    "Fix the syntax.").within(where));
        } catch (IOException e) {
            problems.accept(new Problem("", "cannot be read: " + e.getMessage(), null, "").within(where));
        }
        return null;
    }

    /** What a schema file declares: its {@code $id} (null if none), and the schema when the file has no problems. */
    record Loaded(String declaredId, SharedSchema schema) {
    }

    /** Reads a schema file that should define {@code expected}, reporting its problems. */
    Loaded load(Path file, String where, SchemaId expected, int revision, Consumer<Problem> problems) {
        JsonNode doc = readJson(file, where, problems);
        if (doc == null) {
            return new Loaded(null, null);
        }
        List<Problem> found = new ArrayList<>();
        Consumer<Problem> problem = p -> found.add(p.within(where));

        if (!DIALECT.equals(doc.path("$schema").asText(null))) {
            problem.accept(Problem.of("\"$schema\"", "is not JSON Schema 2020-12", doc.path("$schema").asText(""),
                    "Set \"$schema\": \"" + DIALECT + "\"."));
        }
        boolean metaValid = checkMetaSchema(doc, problem);
        URI uri = checkId(doc, expected, problem);
        if (!"object".equals(doc.path("type").asText(null))) {
            problem.accept(Problem.of("\"type\"", "is not 'object'", doc.path("type"), "A shared schema describes one "
                    + "record, a JSON object: set \"type\": \"object\"."));
        }
        JsonNode additional = doc.get("additionalProperties");
        if (additional == null || !additional.isBoolean() || additional.booleanValue()) {
            problem.accept(new Problem("", "is not closed: \"additionalProperties\" is '"
                    + (additional == null ? "absent" : additional) + "'", null, "Set \"additionalProperties\": false, "
                    + "so every field is declared and compatibility can be checked."));
        }
        checkBilingual("the schema", doc, problem);
        String owner = doc.path("x-owner").asText(null);
        if (owner == null || !SchemaId.NAME.matcher(owner).matches()) {
            problem.accept(Problem.of("\"x-owner\"", "is missing or not a department name", doc.path("x-owner").asText(""),
                    "Name the department that is the authoritative source, in kebab-case, for example "
                    + "\"x-owner\": \"township\"."));
        }

        Map<String, SchemaField> fields = new LinkedHashMap<>();
        List<String> required = strings(doc.get("required"));
        JsonNode properties = doc.path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            problem.accept(new Problem("", "has no \"properties\"", null, "Declare the record's fields."));
        }
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            SchemaField field = field(entry.getKey(), entry.getValue(), required.contains(entry.getKey()), problem);
            if (field != null) {
                fields.put(field.name(), field);
            }
        }
        for (String name : required) {
            if (!properties.has(name)) {
                problem.accept(new Problem("required field '" + name + "'", "is not declared in \"properties\"", null,
                        "Declare it or remove it from \"required\"."));
            }
        }
        List<String> keyFields = checkKey(doc, properties, required, problem);
        Compatibility compatibility = Compatibility.DEFAULT;
        if (doc.has("x-compatibility")) {
            compatibility = Compatibility.fromAnnotation(doc.get("x-compatibility").asText());
            if (compatibility == null) {
                problem.accept(Problem.of("\"x-compatibility\"", "is not a compatibility mode",
                        doc.get("x-compatibility").asText(), "Use one of " + List.of(Compatibility.values())
                        + ", or leave it out for " + Compatibility.DEFAULT + "."));
            }
        }

        Schema validator = null;
        if (metaValid && found.isEmpty()) {
            try {
                validator = registry.getSchema(doc);
                validator.initializeValidators();
            } catch (RuntimeException e) {
                problem.accept(new Problem("", "cannot be compiled as JSON Schema: " + e.getMessage(), null, ""));
            }
        }
        String declaredId = doc.path("$id").asText(null);
        if (!found.isEmpty()) {
            found.forEach(problems);
            return new Loaded(declaredId, null);
        }
        return new Loaded(declaredId, new SharedSchema(expected, uri, doc.path("title").asText(),
                doc.path("description").asText(), keyFields, owner, fields, required, compatibility, revision, doc,
                validator));
    }

    /** Validates a schema document against the JSON Schema 2020-12 meta-schema; false after reporting problems. */
    boolean checkMetaSchema(JsonNode doc, Consumer<Problem> problem) {
        boolean valid = true;
        for (Error error : metaSchema.validate(doc)) {
            valid = false;
            String at = error.getInstanceLocation().toString();
            problem.accept(new Problem("", "is not valid JSON Schema 2020-12 at '" + (at.isEmpty() ? "/" : at) + "': "
                    + error.getMessage(), null, "Fix it so the schema means what it says."));
        }
        return valid;
    }

    private URI checkId(JsonNode doc, SchemaId expected, Consumer<Problem> problem) {
        String id = doc.path("$id").asText(null);
        String suffix = "/" + expected.name() + "/v" + expected.version();
        String fix = "Set \"$id\" to the schema's URI ending in '" + suffix + "', for example "
                + "\"https://onceonly.io/schemas" + suffix + "\".";
        if (id == null) {
            problem.accept(Problem.missing("\"$id\"", fix));
            return null;
        }
        try {
            URI uri = new URI(id);
            if (!uri.isAbsolute() || uri.getRawFragment() != null || !id.endsWith(suffix)) {
                problem.accept(Problem.of("\"$id\"", "does not match the file name", id, fix));
            }
            return uri;
        } catch (URISyntaxException e) {
            problem.accept(Problem.of("\"$id\"", "is not a URI", id, fix));
            return null;
        }
    }

    private SchemaField field(String name, JsonNode spec, boolean required, Consumer<Problem> problem) {
        String where = "field '" + name + "'";
        if (!spec.isObject()) {
            problem.accept(new Problem(where, "is not a schema object", null,
                    "Declare it as {\"type\": ..., \"x-sensitivity\": ...}."));
            return null;
        }
        JsonNode type = spec.get("type");
        if (type == null || !type.isTextual()) {
            problem.accept(Problem.of(where, "has no single \"type\"", type == null ? "absent" : type, "Give it one "
                    + "type (string, integer, number, boolean, object or array); leave an optional field out of "
                    + "the record instead of sending null."));
        }
        JsonNode sensitivityNode = spec.get("x-sensitivity");
        Sensitivity sensitivity = sensitivityNode == null ? null : Sensitivity.fromAnnotation(sensitivityNode.asText());
        if (sensitivity == null) {
            problem.accept(Problem.of(where, "has no valid \"x-sensitivity\"", sensitivityNode == null ? "absent"
                    : sensitivityNode.asText(), "Set one of public, internal, personal, sensitive (ID numbers, "
                    + "health and location are sensitive; names and phone numbers personal)."));
        }
        checkBilingual(where, spec, problem);
        return new SchemaField(name, type == null ? null : type.asText(), spec.path("format").asText(null),
                sensitivity, required, spec.path("title").asText(null), spec.path("description").asText(null),
                spec.path("x-domain-type").asText(null));
    }

    private static List<String> checkKey(JsonNode doc, JsonNode properties, List<String> required,
            Consumer<Problem> problem) {
        JsonNode key = doc.get("x-key");
        List<String> keyFields = strings(key);
        if (key == null || !key.isArray() || keyFields.isEmpty() || keyFields.size() != key.size()) {
            problem.accept(Problem.of("\"x-key\"", "is missing or not a list of field names", key == null ? "absent" : key,
                    "Name the fields that identify the entity, for example \"x-key\": [\"activity_id\"]."));
            return keyFields;
        }
        Set<String> seen = new HashSet<>();
        for (String name : keyFields) {
            if (!seen.add(name)) {
                problem.accept(new Problem("\"x-key\"", "names '" + name + "' twice", null, "Name each key field once."));
            } else if (!properties.has(name)) {
                problem.accept(new Problem("key field '" + name + "'", "is not declared in \"properties\"", null,
                        "Declare it, or fix \"x-key\"."));
            } else {
                if (!required.contains(name)) {
                    problem.accept(new Problem("key field '" + name + "'", "is not required", null, "Add it to "
                            + "\"required\": a record without its key cannot be identified."));
                }
                String type = properties.path(name).path("type").asText("");
                if (!KEY_TYPES.contains(type)) {
                    problem.accept(new Problem("key field '" + name + "'", "has type '" + type + "'", null,
                            "Key fields are strings or integers."));
                }
            }
        }
        return keyFields;
    }

    /** Titles and descriptions are read by township officials and by department developers: both languages. */
    private static void checkBilingual(String what, JsonNode spec, Consumer<Problem> problem) {
        for (String keyword : List.of("title", "description")) {
            String text = spec.path(keyword).asText("");
            if (!hasLatin(text) || !hasHan(text)) {
                problem.accept(Problem.of(what, "has no bilingual \"" + keyword + "\"", text, "Write it in English "
                        + "and Chinese, for example \"Venue / 举办地点\"."));
            }
        }
    }

    private static boolean hasHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static boolean hasLatin(String text) {
        return text.codePoints().anyMatch(c -> c < 128 && Character.isLetter(c));
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
