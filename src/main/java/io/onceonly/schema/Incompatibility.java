package io.onceonly.schema;

/**
 * One change between two revisions of a schema that breaks a compatibility rule.
 *
 * @param field   the field path, {@code phone}, nested {@code members[].id_number}; empty for the record itself
 * @param rule    the keyword whose change breaks it: required, type, enum, pattern, maxLength, additionalProperties,
 *                x-key, ...
 * @param message an English sentence that names the field, the rule, both revisions and the records affected
 */
public record Incompatibility(String field, String rule, String message) {

    /** The top-level field the change is in, for matching against the fields a subscription receives. */
    public String topLevelField() {
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) == '.' || field.charAt(i) == '[') {
                return field.substring(0, i);
            }
        }
        return field;
    }
}
