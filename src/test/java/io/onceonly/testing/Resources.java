package io.onceonly.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Source and Subscription resources for tests, built in Java and written as the YAML a department hands in.
 *
 * <p>Options and map entries are given as key/value pairs ({@code "url", url, "table", table}); a value keeps its
 * type (a number stays a number, a {@link List} becomes a sequence), so the hub reads exactly what a hand-written
 * file would give it. Tests that check how broken or unusual YAML is refused keep their literal text instead.
 */
public final class Resources {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private Resources() {
    }

    /** A Source named {@code name} (department.thing) of {@code department}. */
    public static Source source(String name, String department) {
        return new Source(name, department);
    }

    /** A Subscription named {@code name} (department.thing) of {@code department}. */
    public static Subscription subscription(String name, String department) {
        return new Subscription(name, department);
    }

    /** Several resources as one file of YAML documents. */
    public static String documents(Resource<?>... resources) {
        StringBuilder yaml = new StringBuilder();
        for (Resource<?> r : resources) {
            if (!yaml.isEmpty()) {
                yaml.append("---\n");
            }
            yaml.append(r.yaml());
        }
        return yaml.toString();
    }

    /** Writes {@code yaml} as {@code dir/fileName}, creating the folder; a resource's {@code toString} is its YAML. */
    public static Path write(Path dir, String fileName, Object yaml) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(fileName), yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The options inside a YAML flow mapping, as a parameterized test names them ({@code "pagination: page, pageSize: 40"}),
     * typed as the hub would read them.
     */
    public static Map<String, Object> options(String flow) {
        try {
            return YAML.readValue("{" + flow + "}", new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Options are not a YAML flow mapping's inside: '" + flow
                    + "'. Write them as key: value, key: value.", e);
        }
    }

    /** The key/value pairs {@code pairs} as an ordered map. */
    static Map<String, Object> pairs(Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("Options come as key/value pairs, one is left over: '"
                    + pairs[pairs.length - 1] + "'. Give each key a value.");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** What Sources and Subscriptions share: kind, metadata, schema, and the YAML they become. */
    public abstract static sealed class Resource<T extends Resource<T>> permits Source, Subscription {
        private final String kind;
        private final String name;
        private String department;
        final Map<String, Object> spec = new LinkedHashMap<>();

        Resource(String kind, String name, String department) {
            this.kind = kind;
            this.name = name;
            this.department = department;
            spec.put("schema", "cultural-activity/v1");
        }

        @SuppressWarnings("unchecked")
        T self() {
            return (T) this;
        }

        public String name() {
            return name;
        }

        /** Moves the resource to another department, as a test that copies one does. */
        public T department(String department) {
            this.department = department;
            return self();
        }

        /** The schema id, for example {@code resident/v1}; cultural-activity/v1 unless set. */
        public T schema(String id) {
            spec.put("schema", id);
            return self();
        }

        /** A key of the spec this builder has no word for, as a hand-written file would set it. */
        public T spec(String key, Object value) {
            spec.put(key, value);
            return self();
        }

        /** The resource as YAML text. */
        public String yaml() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("apiVersion", "onceonly.io/v1");
            doc.put("kind", kind);
            doc.put("metadata", Map.of("name", name, "department", department));
            doc.put("spec", spec);
            try {
                return YAML.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the resource as {@code dir/fileName}. */
        public Path writeTo(Path dir, String fileName) {
            return write(dir, fileName, yaml());
        }

        @Override
        public String toString() {
            return yaml();
        }
    }

    /** A Source: where the records come from ({@code from}) and how its fields become the schema's ({@code map}). */
    public static final class Source extends Resource<Source> {
        private final Map<String, Object> from = new LinkedHashMap<>();
        private final Map<String, Object> map = new LinkedHashMap<>();

        Source(String name, String department) {
            super("Source", name, department);
            spec.put("from", from);
            spec.put("map", map);
        }

        /** Reads with a source of {@code type} (jdbc, file, http, push, camel) and its options as key/value pairs. */
        public Source from(String type, Object... options) {
            from.clear();
            from.put("type", type);
            from.putAll(pairs(options));
            return this;
        }

        /** Sets more options of the source, or replaces some, as key/value pairs. */
        public Source option(Object... options) {
            from.putAll(pairs(options));
            return this;
        }

        /** Sets more options of the source, or replaces some. */
        public Source options(Map<String, ?> options) {
            from.putAll(options);
            return this;
        }

        /** Leaves out options set before. */
        public Source without(String... options) {
            Arrays.asList(options).forEach(from::remove);
            return this;
        }

        /** How schema field {@code field} is filled, as key/value pairs: from, const, template, type, formats, values. */
        public Source map(String field, Object... entry) {
            map.put(field, pairs(entry));
            return this;
        }

        /** Fills {@code field} with the source's field {@code from} as it is. */
        public Source mapFrom(String field, String from) {
            return map(field, "from", from);
        }

        /** Fills {@code field} with the same value in every record. */
        public Source mapConst(String field, Object value) {
            return map(field, "const", value);
        }
    }

    /** A Subscription: which records and fields of a schema a department receives, and where they go ({@code to}). */
    public static final class Subscription extends Resource<Subscription> {
        Subscription(String name, String department) {
            super("Subscription", name, department);
        }

        /** The fields granted, in the order given. */
        public Subscription fields(String... fields) {
            spec.put("fields", List.of(fields));
            return this;
        }

        /** The fields granted, sorted, so a set gives the same file every time. */
        public Subscription fields(Collection<String> fields) {
            spec.put("fields", fields.stream().sorted().toList());
            return this;
        }

        /** Only records whose field has one of the values, as key/value pairs ({@code "category", List.of("lecture")}). */
        public Subscription where(Object... conditions) {
            spec.put("where", pairs(conditions));
            return this;
        }

        /** Where reading begins: earliest or latest. */
        public Subscription start(String start) {
            spec.put("start", start);
            return this;
        }

        /** Delivers with a sink of {@code type} (jdbc, http, file, kafka) and its options as key/value pairs. */
        public Subscription to(String type, Object... options) {
            Map<String, Object> to = new LinkedHashMap<>();
            to.put("type", type);
            to.putAll(pairs(options));
            spec.put("to", to);
            return this;
        }
    }
}
