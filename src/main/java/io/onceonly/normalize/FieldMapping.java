package io.onceonly.normalize;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one schema field is filled from a source record: from a column or nested field ({@code from: address.city}),
 * from several joined ({@code template: "{ZDM}-{HDBH}"}), or a constant ({@code const}); optionally one part of a
 * value ({@code split}); then a code list ({@code values}), a domain type with accepted input formats, and a default
 * when the source has no value.
 */
public record FieldMapping(
        String from,
        String template,
        @JsonProperty("const") Object constant,
        Split split,
        String type,
        List<String> formats,
        Map<String, String> values,
        @JsonProperty("default") Object defaultValue) {

    /** One part of a value that holds several: {@code split: { by: "-", part: 2 }}; part -1 is the last. */
    public record Split(String by, int part) {
    }

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
