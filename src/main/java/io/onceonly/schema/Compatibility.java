package io.onceonly.schema;

/**
 * How a schema may change within a major version, in the terms of Confluent Schema Registry and Apicurio Registry;
 * declared per schema with {@code x-compatibility}, default {@link #BACKWARD_TRANSITIVE}.
 */
public enum Compatibility {
    /** No check beyond the key, which never changes within a major version. */
    NONE,
    /** Consumers on the new revision can read records written under the previous one. */
    BACKWARD,
    /** As {@link #BACKWARD}, against every earlier revision. */
    BACKWARD_TRANSITIVE,
    /** Consumers on the previous revision can read records written under the new one. */
    FORWARD,
    /** As {@link #FORWARD}, against every earlier revision. */
    FORWARD_TRANSITIVE,
    /** Both {@link #BACKWARD} and {@link #FORWARD}. */
    FULL,
    /** Both, against every earlier revision. */
    FULL_TRANSITIVE;

    /** The mode a schema has when it declares none. */
    public static final Compatibility DEFAULT = BACKWARD_TRANSITIVE;

    /** Whether records written under an earlier revision must stay valid under the new one. */
    public boolean backward() {
        return switch (this) {
            case BACKWARD, BACKWARD_TRANSITIVE, FULL, FULL_TRANSITIVE -> true;
            case NONE, FORWARD, FORWARD_TRANSITIVE -> false;
        };
    }

    /** Whether records written under the new revision must stay valid under the earlier one. */
    public boolean forward() {
        return switch (this) {
            case FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE -> true;
            case NONE, BACKWARD, BACKWARD_TRANSITIVE -> false;
        };
    }

    /** Whether the new revision is checked against every earlier one, not only the one before it. */
    public boolean transitive() {
        return switch (this) {
            case BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE -> true;
            case NONE, BACKWARD, FORWARD, FULL -> false;
        };
    }

    /** Parses an {@code x-compatibility} value such as {@code BACKWARD_TRANSITIVE}; null when it is none of them. */
    static Compatibility fromAnnotation(String value) {
        for (Compatibility c : values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        return null;
    }
}
