package io.onceonly.normalize;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one schema field is filled from a source record: from a column ({@code from}), from several columns
 * ({@code template: "{ZDM}-{HDBH}"}), or a constant ({@code const}); then a code list ({@code values}), a domain
 * type with accepted input formats, and a default when the source has no value.
 */
public record FieldMapping(
        String from,
        String template,
        @JsonProperty("const") Object constant,
        String type,
        List<String> formats,
        Map<String, String> values,
        @JsonProperty("default") Object defaultValue) {

    public FieldMapping {
        formats = formats == null ? List.of() : List.copyOf(formats);
        // The code list keeps the order it was written in: reasons list the codes as the department wrote them.
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** Where the value comes from, as a person reads it in a reject reason. */
    public String origin() {
        if (from != null) {
            return "column " + from;
        }
        return template != null ? "template '" + template + "'" : "constant";
    }
}
