package io.onceonly.normalize;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.schema.SchemaField;
import io.onceonly.schema.Sensitivity;
import io.onceonly.schema.SharedSchema;
import io.onceonly.schema.Violation;

/**
 * Maps one raw source record into a shared schema: takes each field from its column, template or constant,
 * applies the code list and domain type, validates the result against the schema, and computes the entity key
 * and content hash. Every problem of a record is reported at once.
 */
public final class RecordMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    /** MessageDigest is not thread-safe and costly to look up per record. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    });

    /** The largest value a mapping reads for one field, in UTF-8 bytes, before any schema maxLength is looked at. */
    public static final int MAX_FIELD_BYTES = 64 * 1024;
    /** The largest normalized record as JSON: Kafka's default message limit is 1 MiB, envelope included. */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    private final SharedSchema schema;
    private final Map<String, Field> fields = new LinkedHashMap<>();

    private record Field(String name, FieldMapping mapping, DomainType type, Sensitivity sensitivity) {
    }

    /**
     * A record in the shared schema's shape, ready to publish: {@code json} is its UTF-8 JSON, the very bytes the
     * content hash was taken of, so publishing it needs no second serialization.
     */
    public record Mapped(String key, ObjectNode record, String contentHash, byte[] json) {
    }

    /**
     * One reason a record is rejected rather than published (a record's fault, not a configuration problem); value
     * is masked for personal and sensitive fields. The rule is a short bounded name for what was broken: {@code type}
     * (the domain type refused the value), {@code code-list}, or the JSON Schema keyword (required, format, ...).
     */
    public record Rejection(String field, String value, String reason, String rule) {
        /** The reason as a person reads it: {@code activity_date: '2024-13-45' is not a date in any of [...]}. */
        public String message() {
            return field + ": " + reason;
        }
    }

    /**
     * The outcome for one record: mapped, or the list of problems. {@code key} is the entity key whenever the key
     * fields themselves were fine, even for a rejected record: the entity still exists at its source.
     */
    public record Result(Mapped mapped, List<Rejection> problems, String key) {
        public boolean accepted() {
            return mapped != null;
        }
    }

    public RecordMapper(SharedSchema schema, Map<String, FieldMapping> map, ZoneId zone) {
        this.schema = schema;
        // Fields in schema order, so the JSON (and so the content hash) does not depend on the mapping's order.
        for (SchemaField sf : schema.fields().values()) {
            FieldMapping m = map.get(sf.name());
            if (m != null) {
                String typeName = m.type() != null ? m.type() : inferType(sf);
                fields.put(sf.name(), new Field(sf.name(), m, DomainTypes.of(typeName, m.formats(), zone), sf.sensitivity()));
            }
        }
    }

    /** The domain type a schema field implies when the mapping names none: its x-domain-type, else its JSON type. */
    public static String inferType(SchemaField field) {
        if (field.domainType() != null) {
            return field.domainType();
        }
        String type = field.type() == null ? "string" : field.type();
        return switch (type) {
            case "integer" -> "integer";
            case "number" -> "number";
            case "boolean" -> "boolean";
            default -> {
                if ("date".equals(field.format())) {
                    yield "date";
                }
                yield "date-time".equals(field.format()) ? "datetime" : "string";
            }
        };
    }

    /** Maps a raw record whose column names are matched without regard to case. */
    public Result map(Map<String, ?> raw) {
        ObjectNode record = JSON.createObjectNode();
        List<Rejection> problems = new ArrayList<>();
        for (Field f : fields.values()) {
            Object value = extract(f.mapping(), raw);
            long size = oversize(value);
            if (size > 0) {
                // Never parsed or matched against a pattern: a value this large is a mistake, not data to clean.
                problems.add(new Rejection(f.name(), size + " bytes", "is " + size + " bytes, over the limit of "
                        + MAX_FIELD_BYTES + " bytes for one value. Shorten it in the source system", "field-too-large"));
                continue;
            }
            try {
                if (value instanceof String s && !f.mapping().values().isEmpty()) {
                    value = applyCodeList(f.mapping().values(), Text.clean(s));
                }
                Object normalized = value == null ? null : f.type().normalize(value);
                if (normalized == null && f.mapping().defaultValue() != null) {
                    normalized = f.type().normalize(f.mapping().defaultValue());
                }
                String hidden = normalized instanceof String text ? Text.hiddenCharacter(text) : null;
                if (hidden != null) {
                    String shown = f.sensitivity().masked() ? f.sensitivity().mask((String) normalized) : (String) normalized;
                    problems.add(new Rejection(f.name(), shown, "has an invisible or control character, " + hidden
                            + ". Remove it in the source system; the hub does not alter text", "invisible-character"));
                    continue;
                }
                put(record, f.name(), normalized);
            } catch (InvalidValueException e) {
                String text = String.valueOf(value);
                String shown = f.sensitivity().masked() ? f.sensitivity().mask(text) : text;
                // Domain types mask what they know is personal; this also covers any other masked field.
                String reason = f.sensitivity().masked() ? e.getMessage().replace(text, shown) : e.getMessage();
                problems.add(new Rejection(f.name(), shown, reason, e instanceof UnknownCodeException ? "code-list" : "type"));
            }
        }
        if (problems.isEmpty()) {
            for (Violation v : schema.validate(record)) {
                problems.add(new Rejection(v.field(), v.value(), stripFieldPrefix(v.field(), v.message()), v.rule()));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems, keyDespite(record, problems));
        }
        byte[] json = json(record);
        if (json.length > MAX_RECORD_BYTES) {
            return new Result(null, List.of(new Rejection("(record)", json.length + " bytes", "is " + json.length
                    + " bytes as JSON, over the limit of " + MAX_RECORD_BYTES + " bytes for one record. Split what it "
                    + "holds, or shorten its longest values in the source system", "record-too-large")), key(record));
        }
        String key = key(record);
        return new Result(new Mapped(key, record, sha256Hex(json), json), List.of(), key);
    }

    /** The UTF-8 size of a value over {@link #MAX_FIELD_BYTES}, or 0 when it is within it (most values: no copy made). */
    private static long oversize(Object value) {
        long size;
        if (value instanceof String s) {
            if (s.length() * 3L <= MAX_FIELD_BYTES) {
                return 0; // a char is at most 3 UTF-8 bytes (a surrogate pair, 4 for 2 chars)
            }
            size = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            size = json(value).length;
        } else {
            return 0;
        }
        return size > MAX_FIELD_BYTES ? size : 0;
    }

    private String keyDespite(ObjectNode record, List<Rejection> problems) {
        for (String k : schema.keyFields()) {
            if (!record.hasNonNull(k) || problems.stream().anyMatch(p -> p.field().equals(k))) {
                return null;
            }
        }
        return key(record);
    }

    private Object extract(FieldMapping m, Map<String, ?> raw) {
        if (m.constant() != null) {
            return m.constant();
        }
        Object value = m.from() != null ? lookup(raw, m.from()) : fillTemplate(m.template(), raw);
        if (m.split() == null || value == null) {
            return value;
        }
        String[] parts = value.toString().split(Pattern.quote(m.split().by()), -1);
        int i = m.split().part() > 0 ? m.split().part() - 1 : parts.length + m.split().part();
        // A value with fewer parts has no such part: the field stays empty, and a required field is then rejected.
        return i >= 0 && i < parts.length ? parts[i] : null;
    }

    /**
     * A column by name, or a nested field by dotted path ({@code address.city}, {@code phones.0}) in records that
     * arrive as JSON. A column whose name contains dots is found first.
     */
    public static Object lookup(Map<String, ?> raw, String name) {
        // Column names are matched without regard to case; the exact name, the usual case, needs no copy of the row.
        Object direct = raw.get(name);
        if (direct != null || raw.containsKey(name)) {
            return direct;
        }
        direct = scanIgnoringCase(raw, name);
        if (direct != null || name.indexOf('.') < 0) {
            return direct;
        }
        Object current = raw;
        for (String step : name.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = ignoringCase(map, step);
            } else if (current instanceof List<?> list && step.matches("\\d{1,9}")) {
                int i = Integer.parseInt(step);
                current = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    private static Object ignoringCase(Map<?, ?> map, String name) {
        Object v = map.get(name);
        return v != null ? v : scanIgnoringCase(map, name);
    }

    private static Object scanIgnoringCase(Map<?, ?> map, String name) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (name.equalsIgnoreCase(String.valueOf(e.getKey()))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Object fillTemplate(String template, Map<String, ?> raw) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object part = lookup(raw, matcher.group(1));
            if (part == null || Text.clean(part.toString()) == null) {
                return null; // a key made of a missing part would be a wrong key: leave the field empty instead
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(Text.clean(part.toString())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Object applyCodeList(Map<String, String> values, String code) throws InvalidValueException {
        if (code == null) {
            return null;
        }
        String mapped = values.get(code);
        if (mapped != null) {
            return mapped;
        }
        if (values.containsValue(code)) {
            return code;
        }
        throw new UnknownCodeException("'" + code + "' is not in the code list " + values.keySet());
    }

    private static void put(ObjectNode record, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Long l) {
            record.put(name, l);
        } else if (value instanceof Integer i) {
            record.put(name, i);
        } else if (value instanceof BigDecimal d) {
            record.put(name, d);
        } else if (value instanceof Boolean b) {
            record.put(name, b);
        } else {
            record.put(name, value.toString());
        }
    }

    private String key(ObjectNode record) {
        List<String> parts = new ArrayList<>();
        for (String k : schema.keyFields()) {
            parts.add(record.path(k).asText());
        }
        return String.join("/", parts);
    }

    /** SHA-256 of the record's JSON in schema field order: equal content, equal hash. */
    public static String contentHash(ObjectNode record) {
        return sha256Hex(json(record));
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a record as JSON", e);
        }
    }

    private static String sha256Hex(byte[] json) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return HexFormat.of().formatHex(sha256.digest(json));
    }

    private static String stripFieldPrefix(String field, String message) {
        String prefix = field + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
