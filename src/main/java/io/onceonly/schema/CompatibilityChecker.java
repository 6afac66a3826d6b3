package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two revisions of a schema under a compatibility mode. It proves compatibility keyword by keyword and
 * reports what it cannot prove, so an unfamiliar change is refused rather than let through.
 */
public final class CompatibilityChecker {
    /** Keywords that describe but do not constrain, so changing them never breaks a reader. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "examples", "default", "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding");
    private static final List<String> LOWER_BOUNDS = List.of("minLength", "minItems", "minProperties", "minimum",
            "exclusiveMinimum");
    private static final List<String> UPPER_BOUNDS = List.of("maxLength", "maxItems", "maxProperties", "maximum",
            "exclusiveMaximum");
    private static final Set<String> HANDLED = Set.of("type", "enum", "const", "pattern", "format", "multipleOf",
            "uniqueItems", "required", "dependentRequired", "properties", "additionalProperties", "items",
            "minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum", "maxLength", "maxItems",
            "maxProperties", "maximum", "exclusiveMaximum");

    private CompatibilityChecker() {
    }

    /**
     * Every way {@code later} breaks {@code mode} against {@code earlier}, one pair of revisions; for a transitive
     * mode the caller checks the new revision against each earlier one.
     *
     * @param earlierName how messages name the earlier revision, for example {@code resident/v1 r2}
     * @param laterName   how messages name the later revision, for example {@code resident/v1 (current)}
     */
    public static List<Incompatibility> check(Compatibility mode, JsonNode earlier, String earlierName,
            JsonNode later, String laterName) {
        List<Incompatibility> found = new ArrayList<>();
        JsonNode earlierKey = earlier.path("x-key");
        JsonNode laterKey = later.path("x-key");
        if (!earlierKey.equals(laterKey)) {
            found.add(new Incompatibility("", "x-key", "x-key is " + earlierKey + " in " + earlierName + " but "
                    + laterKey + " in " + laterName + "; the key decides each record's identity, Kafka key and "
                    + "partition, so it never changes within a major version"));
        }
        if (mode.backward()) {
            for (Difference d : narrowings(earlier, later, earlierName, laterName)) {
                found.add(d.incompatibility("records valid under " + earlierName + " would be refused under "
                        + laterName + " (BACKWARD)"));
            }
        }
        if (mode.forward()) {
            for (Difference d : narrowings(later, earlier, laterName, earlierName)) {
                found.add(d.incompatibility("records valid under " + laterName + " would be refused by readers "
                        + "still on " + earlierName + " (FORWARD)"));
            }
        }
        return List.copyOf(found);
    }

    private record Difference(String field, String rule, String detail) {
        Incompatibility incompatibility(String consequence) {
            String subject = field.isEmpty() ? "record" : field;
            return new Incompatibility(field, rule, subject + " (rule " + rule + "): " + detail + ", so "
                    + consequence);
        }
    }

    /** Ways {@code to} refuses a value that {@code from} accepts. */
    private static List<Difference> narrowings(JsonNode from, JsonNode to, String fromName, String toName) {
        List<Difference> out = new ArrayList<>();
        new Comparison(fromName, toName, out).compare(from, to, "");
        return out;
    }

    private record Comparison(String a, String b, List<Difference> out) {

        void compare(JsonNode from, JsonNode to, String path) {
            if (to.isBoolean() || from.isBoolean()) {
                if (!to.asBoolean(true) && from.asBoolean(true)) {
                    add(path, "false", "accepts values in " + a + " but nothing in " + b);
                } else if (from.isBoolean() && from.asBoolean() && to.isObject() && hasConstraints(to)) {
                    add(path, "type", "accepts any value in " + a + " but is constrained in " + b);
                }
                return;
            }
            types(from, to, path);
            enumeration(from, to, path);
            if (to.has("const") && !to.get("const").equals(from.get("const"))) {
                add(path, "const", "must be " + to.get("const") + " in " + b + " but " + shown(from.get("const"))
                        + " in " + a);
            }
            for (String keyword : List.of("pattern", "format")) {
                if (to.has(keyword) && !to.get(keyword).equals(from.get(keyword))) {
                    add(path, keyword, "has " + keyword + " " + to.get(keyword) + " in " + b + " but "
                            + shown(from.get(keyword)) + " in " + a);
                }
            }
            for (String keyword : LOWER_BOUNDS) {
                bound(from, to, path, keyword, 1);
            }
            for (String keyword : UPPER_BOUNDS) {
                bound(from, to, path, keyword, -1);
            }
            if (to.has("multipleOf") && !(from.has("multipleOf") && from.get("multipleOf").decimalValue()
                    .remainder(to.get("multipleOf").decimalValue()).signum() == 0)) {
                add(path, "multipleOf", "must be a multiple of " + to.get("multipleOf") + " in " + b + " but "
                        + shown(from.get("multipleOf")) + " in " + a);
            }
            if (to.path("uniqueItems").asBoolean() && !from.path("uniqueItems").asBoolean()) {
                add(path, "uniqueItems", "requires unique items in " + b + " but not in " + a);
            }
            required(from, to, path);
            properties(from, to, path);
            if (to.has("items")) {
                compare(from.has("items") ? from.get("items") : BooleanNode.TRUE, to.get("items"), path + "[]");
            }
            Set<String> keywords = new LinkedHashSet<>();
            from.fieldNames().forEachRemaining(keywords::add);
            to.fieldNames().forEachRemaining(keywords::add);
            for (String keyword : keywords) {
                if (!HANDLED.contains(keyword) && !ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-")
                        && !Objects.equals(from.get(keyword), to.get(keyword))) {
                    add(path, keyword, "changes '" + keyword + "' between " + a + " and " + b
                            + ", which the catalog cannot prove compatible");
                }
            }
        }

        private void types(JsonNode from, JsonNode to, String path) {
            Set<String> toTypes = types(to);
            if (toTypes == null) {
                return;
            }
            Set<String> fromTypes = types(from);
            if (fromTypes == null) {
                add(path, "type", "has type " + String.join("|", toTypes) + " in " + b + " but any type in " + a);
                return;
            }
            for (String type : fromTypes) {
                boolean accepted = toTypes.contains(type) || "integer".equals(type) && toTypes.contains("number");
                if (!accepted) {
                    add(path, "type", "has type " + String.join("|", fromTypes) + " in " + a + " but "
                            + String.join("|", toTypes) + " in " + b);
                    return;
                }
            }
        }

        private static Set<String> types(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return null;
            }
            Set<String> types = new LinkedHashSet<>();
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else {
                types.add(type.asText());
            }
            return types;
        }

        private void enumeration(JsonNode from, JsonNode to, String path) {
            JsonNode allowed = to.get("enum");
            if (allowed == null) {
                return;
            }
            List<JsonNode> earlierValues = new ArrayList<>();
            if (from.has("enum")) {
                from.get("enum").forEach(earlierValues::add);
            } else if (from.has("const")) {
                earlierValues.add(from.get("const"));
            } else {
                add(path, "enum", "is limited to " + allowed + " in " + b + " but not limited in " + a);
                return;
            }
            List<String> dropped = new ArrayList<>();
            for (JsonNode value : earlierValues) {
                boolean kept = false;
                for (JsonNode candidate : allowed) {
                    kept |= candidate.equals(value);
                }
                if (!kept) {
                    dropped.add(value.toString());
                }
            }
            if (!dropped.isEmpty()) {
                add(path, "enum", "allows " + String.join(", ", dropped) + " in " + a + " but not in " + b);
            }
        }

        /** {@code direction} 1: a larger value in {@code to} narrows; -1: a smaller one does. */
        private void bound(JsonNode from, JsonNode to, String path, String keyword, int direction) {
            JsonNode limit = to.get(keyword);
            if (limit == null || !limit.isNumber()) {
                return;
            }
            JsonNode earlier = from.get(keyword);
            BigDecimal next = limit.decimalValue();
            if (earlier == null || !earlier.isNumber() || next.compareTo(earlier.decimalValue()) * direction > 0) {
                add(path, keyword, "has " + keyword + " " + limit + " in " + b + " but " + shown(earlier) + " in "
                        + a);
            }
        }

        private void required(JsonNode from, JsonNode to, String path) {
            Set<String> earlier = strings(from.get("required"));
            for (String name : strings(to.get("required"))) {
                if (!earlier.contains(name)) {
                    add(child(path, name), "required", "is required in " + b + " but "
                            + (from.path("properties").has(name) ? "optional" : "not declared") + " in " + a);
                }
            }
            JsonNode dependencies = to.get("dependentRequired");
            if (dependencies != null) {
                for (Map.Entry<String, JsonNode> entry : dependencies.properties()) {
                    Set<String> earlierDependents = strings(from.path("dependentRequired").get(entry.getKey()));
                    for (String name : strings(entry.getValue())) {
                        if (!earlierDependents.contains(name)) {
                            add(child(path, name), "dependentRequired", "is required with " + entry.getKey()
                                    + " in " + b + " but not in " + a);
                        }
                    }
                }
            }
        }

        private void properties(JsonNode from, JsonNode to, String path) {
            JsonNode fromProperties = from.path("properties");
            JsonNode toProperties = to.path("properties");
            JsonNode fromAdditional = from.has("additionalProperties") ? from.get("additionalProperties")
                    : BooleanNode.TRUE;
            JsonNode toAdditional = to.has("additionalProperties") ? to.get("additionalProperties") : BooleanNode.TRUE;
            for (Map.Entry<String, JsonNode> entry : fromProperties.properties()) {
                String name = entry.getKey();
                if (toProperties.has(name)) {
                    compare(entry.getValue(), toProperties.get(name), child(path, name));
                } else if (toAdditional.isBoolean() && !toAdditional.asBoolean()) {
                    add(child(path, name), "additionalProperties", "is declared in " + a + " but not in " + b
                            + ", which is closed");
                } else {
                    compare(entry.getValue(), toAdditional, child(path, name));
                }
            }
            for (Map.Entry<String, JsonNode> entry : toProperties.properties()) {
                if (!fromProperties.has(entry.getKey())) {
                    // Under a closed earlier schema no record carries the new field; under an open one any may.
                    compare(fromAdditional, entry.getValue(), child(path, entry.getKey()));
                }
            }
            boolean toClosed = toAdditional.isBoolean() && !toAdditional.asBoolean();
            boolean fromClosed = fromAdditional.isBoolean() && !fromAdditional.asBoolean();
            if (toClosed && !fromClosed) {
                add(path, "additionalProperties", "is closed in " + b + " but open in " + a);
            } else if (!toClosed && !fromClosed && !toAdditional.equals(fromAdditional)) {
                compare(fromAdditional, toAdditional, path);
            }
        }

        private static boolean hasConstraints(JsonNode schema) {
            for (String keyword : (Iterable<String>) schema::fieldNames) {
                if (!ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-")) {
                    return true;
                }
            }
            return false;
        }

        private static String child(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private static String shown(JsonNode value) {
            return value == null ? "none" : value.toString();
        }

        private static Set<String> strings(JsonNode node) {
            Set<String> out = new LinkedHashSet<>();
            if (node != null && node.isArray()) {
                node.forEach(n -> out.add(n.asText()));
            }
            return out;
        }

        private void add(String path, String rule, String detail) {
            out.add(new Difference(path, rule, detail));
        }
    }
}
