package io.onceonly.schema;

/** A change to a schema that its compatibility mode refuses, kept so the subscriptions it would break can be named. */
public record BreakingChange(SchemaId schema, Incompatibility change) {
}
