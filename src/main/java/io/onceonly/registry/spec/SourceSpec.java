package io.onceonly.registry.spec;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.onceonly.normalize.FieldMapping;
import io.onceonly.schema.SchemaId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The spec of a Source as written: the shared schema it fills, its connector ({@code from}: a type and that route
 * template's options, checked against the template), and how each schema field is filled ({@code map}).
 */
public record SourceSpec(
        @NotNull(message = "is missing. " + SourceSpec.SCHEMA_FIX)
        @Pattern(regexp = SchemaId.TEXT_PATTERN, message = "is not a schema id. " + SourceSpec.SCHEMA_FIX)
        String schema,
        @NotNull(message = "is missing. Name the connector type and its options, for example "
                + "from: { type: jdbc, url: \"jdbc:...\", table: HD, cursor: GXSJ, tiebreaker: HDBH }.")
        Map<String, JsonNode> from,
        @NotNull(message = "is missing. List every schema field this source fills, for example "
                + "activity_date: { from: HDRQ, type: date, formats: [yyyyMMdd] }.")
        Map<String, @NotNull(message = "is empty. Say where its value comes from, for example title: { from: HDMC }.")
                @Valid FieldMapping> map) {

    /** Also the fix for a Subscription's schema. */
    static final String SCHEMA_FIX = "Write <name>/v<major version> of a shared schema, for example cultural-activity/v1.";
}
