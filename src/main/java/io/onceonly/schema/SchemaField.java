package io.onceonly.schema;

/**
 * One top-level field of a shared schema, as declared in its {@code properties}.
 *
 * @param name        the field name in snake_case
 * @param type        the JSON Schema type: string, integer, number, boolean, object or array
 * @param format      the JSON Schema format (date, date-time, ...), or null
 * @param sensitivity the {@code x-sensitivity} class
 * @param required    whether every record must carry it
 * @param title       the bilingual title, {@code English / 中文}
 * @param description the bilingual description, English then Chinese
 * @param domainType  the {@code x-domain-type} (resident-id, social-credit-code, phone, ...) whose normalizer and
 *                    check characters every source's mapping applies to this field, or null
 */
public record SchemaField(String name, String type, String format, Sensitivity sensitivity, boolean required,
        String title, String description, String domainType) {
}
