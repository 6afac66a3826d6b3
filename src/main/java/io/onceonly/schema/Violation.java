package io.onceonly.schema;

/**
 * One way a record breaks its schema.
 *
 * @param field   the field path: {@code activity_date}, nested {@code a.b}, array elements {@code a[0].b}; empty for
 *                the record itself
 * @param rule    the JSON Schema keyword that failed: required, type, format, pattern, enum, minimum,
 *                maxLength, additionalProperties, ...
 * @param value   the offending value as text, masked when the field is personal or sensitive (and for fields the
 *                schema does not know); null when the value is missing
 * @param message an English sentence that starts with the field, for example
 *                {@code participant_count: -3 is less than the minimum 0}
 */
public record Violation(String field, String rule, String value, String message) {
}
