package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.path.NodePath;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One major version of a shared schema: its key, owner, fields and sensitivity, and validation of records. */
public final class SharedSchema {
    private static final int MAX_SHOWN = 100;

    private final SchemaId id;
    private final URI uri;
    private final String title;
    private final String description;
    private final List<String> keyFields;
    private final String owner;
    private final Map<String, SchemaField> fields;
    private final List<String> required;
    private final Compatibility compatibility;
    private final int revision;
    private final JsonNode document;
    private final Schema validator;

    SharedSchema(SchemaId id, URI uri, String title, String description, List<String> keyFields, String owner,
            Map<String, SchemaField> fields, List<String> required, Compatibility compatibility, int revision,
            JsonNode document, Schema validator) {
        this.id = id;
        this.uri = uri;
        this.title = title;
        this.description = description;
        this.keyFields = List.copyOf(keyFields);
        this.owner = owner;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.required = List.copyOf(required);
        this.compatibility = compatibility;
        this.revision = revision;
        this.document = document;
        this.validator = validator;
    }

    public SchemaId id() {
        return id;
    }

    /** The schema's {@code $id}, for example {@code https://onceonly.io/schemas/cultural-activity/v1}. */
    public URI uri() {
        return uri;
    }

    /** The bilingual title, {@code English / 中文}. */
    public String title() {
        return title;
    }

    /** The bilingual description. */
    public String description() {
        return description;
    }

    /** The fields that identify the entity ({@code x-key}), in order; they make the record's Kafka key. */
    public List<String> keyFields() {
        return keyFields;
    }

    /** The department that is the authoritative source of these records ({@code x-owner}). */
    public String owner() {
        return owner;
    }

    /** The top-level fields in the order the schema file declares them. */
    public Map<String, SchemaField> fields() {
        return fields;
    }

    /** The names of the fields every record must carry, in the order the schema file lists them. */
    public List<String> required() {
        return required;
    }

    /** How this major version may change ({@code x-compatibility}), checked against its earlier revisions at load. */
    public Compatibility compatibility() {
        return compatibility;
    }

    /**
     * The revision within the major version: 1 plus the number of the latest earlier revision kept in
     * {@code schemas/<name>/history/}.
     */
    public int revision() {
        return revision;
    }

    /** A copy of the schema file's JSON, for serving it as it is (for example through the admin API). */
    public JsonNode document() {
        return document.deepCopy();
    }

    /**
     * Every way the record breaks this schema, at once, in the order of the schema's fields (an empty list when it
     * is valid). Values of personal and sensitive fields are masked in the result.
     */
    public List<Violation> validate(JsonNode record) {
        Objects.requireNonNull(record, "record");
        List<Error> errors = validator.validate(record);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(violation(error));
        }
        // Stable sort: library order within a field, schema order across fields, unknown fields last.
        List<String> names = List.copyOf(fields.keySet());
        violations.sort(Comparator.comparingInt(v -> position(names, v.field())));
        return List.copyOf(violations);
    }

    private static int position(List<String> names, String field) {
        if (field.isEmpty()) {
            return -1;
        }
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        int index = names.indexOf(field.substring(0, end));
        return index < 0 ? names.size() : index;
    }

    private Violation violation(Error error) {
        String rule = error.getKeyword();
        List<Object> path = new ArrayList<>();
        NodePath location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            path.add(location.getElement(i));
        }
        JsonNode value = error.getInstanceNode();
        boolean missing = false;
        // These keywords fail on the object that holds the field; the violation belongs to the field itself.
        switch (rule) {
            case "required" -> {
                path.add(error.getProperty());
                missing = true;
            }
            case "dependentRequired" -> {
                path.add(String.valueOf(error.getArguments()[0]));
                missing = true;
            }
            case "additionalProperties" -> {
                path.add(error.getProperty());
                value = value == null ? null : value.get(error.getProperty());
            }
            default -> {
            }
        }
        String field = fieldPath(path);
        Sensitivity sensitivity = sensitivityAt(path);
        String shown = missing ? null : render(value, sensitivity);
        String subject = field.isEmpty() ? "record" : field;
        String quoted = value != null && value.isTextual() ? "'" + shown + "'" : shown;
        return new Violation(field, rule, shown, subject + ": " + problem(rule, error, value, quoted, sensitivity));
    }

    private String problem(String rule, Error error, JsonNode value, String quoted, Sensitivity sensitivity) {
        JsonNode limit = error.getSchemaNode();
        return switch (rule) {
            case "required" -> "is required but missing";
            case "dependentRequired" -> "is required when " + error.getProperty() + " is given, but missing";
            case "additionalProperties" -> quoted + " is not allowed: " + id
                    + " has no such field and accepts only the fields it declares";
            case "type" -> quoted + " is " + jsonType(value) + ", expected " + expectedType(limit);
            case "format" -> quoted + " " + formatProblem(limit == null ? "" : limit.asText());
            case "pattern" -> quoted + " does not match the pattern " + text(limit);
            case "enum" -> quoted + " is not one of " + list(limit);
            case "const" -> quoted + " is not the required value " + text(limit);
            case "minimum" -> quoted + " is less than the minimum " + text(limit);
            case "maximum" -> quoted + " is greater than the maximum " + text(limit);
            case "exclusiveMinimum" -> quoted + " is not greater than " + text(limit);
            case "exclusiveMaximum" -> quoted + " is not less than " + text(limit);
            case "multipleOf" -> quoted + " is not a multiple of " + text(limit);
            case "minLength" -> quoted + " is shorter than the minimum length " + text(limit);
            case "maxLength" -> quoted + " is longer than the maximum length " + text(limit) + " (it has "
                    + value.asText().codePointCount(0, value.asText().length()) + " characters)";
            case "minItems" -> "has " + value.size() + " items, fewer than the minimum " + text(limit);
            case "maxItems" -> "has " + value.size() + " items, more than the maximum " + text(limit);
            case "uniqueItems" -> "has duplicate items";
            // Other keywords' library messages may quote the value, so they are shown only for unmasked fields.
            default -> sensitivity.masked() ? quoted + " breaks the rule '" + rule + "'"
                    : quoted + " breaks the rule '" + rule + "': " + error.getMessage();
        };
    }

    private static String formatProblem(String format) {
        return switch (format) {
            case "date" -> "is not a date in the form yyyy-MM-dd";
            case "date-time" -> "is not a date and time in the form yyyy-MM-ddTHH:mm:ss+08:00";
            case "time" -> "is not a time in the form HH:mm:ss+08:00";
            case "email" -> "is not an email address";
            case "uri" -> "is not an absolute URI";
            default -> "is not in the format '" + format + "'";
        };
    }

    private static String jsonType(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isArray() ? "an array" : "an object";
    }

    private static String expectedType(JsonNode type) {
        if (type == null) {
            return "another type";
        }
        return type.isArray() ? "one of " + list(type) : type.asText();
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.isValueNode() ? node.asText() : node.toString();
    }

    private static String list(JsonNode node) {
        if (node == null || !node.isArray()) {
            return text(node);
        }
        List<String> items = new ArrayList<>();
        node.forEach(n -> items.add(text(n)));
        return String.join(", ", items);
    }

    private static String render(JsonNode value, Sensitivity sensitivity) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (sensitivity.masked() && value.isContainerNode()) {
            return value.isArray() ? "[" + value.size() + " items]" : "{" + value.size() + " fields}";
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        String shown = sensitivity.mask(text);
        int length = shown.codePointCount(0, shown.length());
        if (length > MAX_SHOWN) {
            shown = shown.substring(0, shown.offsetByCodePoints(0, MAX_SHOWN - 1)) + "…";
        }
        return shown;
    }

    private static String fieldPath(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(segment);
            }
        }
        return out.toString();
    }

    /**
     * The sensitivity of the value at a path: the nearest {@code x-sensitivity} on the way down. The record itself and
     * fields the schema does not declare count as sensitive, since nothing says what they hold.
     */
    private Sensitivity sensitivityAt(List<Object> path) {
        Sensitivity found = Sensitivity.SENSITIVE;
        JsonNode node = document;
        for (Object segment : path) {
            node = segment instanceof Integer ? node.path("items") : node.path("properties").path((String) segment);
            if (node.isMissingNode()) {
                return Sensitivity.SENSITIVE;
            }
            Sensitivity declared = Sensitivity.fromAnnotation(node.path("x-sensitivity").asText(null));
            if (declared != null) {
                found = declared;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
