package io.onceonly.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One major version of a shared schema, written {@code <name>/v<N>} (for example {@code cultural-activity/v1}).
 *
 * @param name    the schema name in kebab-case, for example {@code cultural-activity}
 * @param version the major version, 1 or more; each major version has its own topic
 */
public record SchemaId(String name, int version) {

    /** Lowercase words joined by single hyphens: safe in file names, URIs and topic names (no '.' or '_'). */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** {@code <name>/v<N>} as a regular expression, for constraints on configuration that names a schema. */
    public static final String TEXT_PATTERN = "([a-z][a-z0-9]*(-[a-z0-9]+)*)/v([1-9][0-9]{0,8})";
    private static final Pattern TEXT = Pattern.compile(TEXT_PATTERN);

    public SchemaId {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Schema name is not valid: '" + name
                    + "'. Use lowercase letters and digits in words joined by '-', for example 'cultural-activity'.");
        }
        if (version < 1) {
            throw new IllegalArgumentException("Schema version of '" + name + "' is not valid: '" + version
                    + "'. Versions start at 1.");
        }
    }

    /** Parses {@code <name>/v<N>}, for example {@code cultural-activity/v1}. */
    public static SchemaId parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("Schema id is not valid: '" + text
                    + "'. Write it as <name>/v<major version>, for example 'cultural-activity/v1'.");
        }
        return new SchemaId(m.group(1), Integer.parseInt(m.group(3)));
    }

    /** The topic that carries records of this schema version, for example {@code onceonly.cultural-activity.v1}. */
    public String topicName(String prefix) {
        return prefix + "." + name + ".v" + version;
    }

    @Override
    public String toString() {
        return name + "/v" + version;
    }
}
