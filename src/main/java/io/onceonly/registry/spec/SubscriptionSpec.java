package io.onceonly.registry.spec;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;

import io.onceonly.config.WhenOmitted;
import io.onceonly.schema.SchemaId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The spec of a Subscription as written: the shared schema, the fields it was granted, which records it selects
 * ({@code where}: field equals one of the values), where it starts, and its sink ({@code to}: a type and that route
 * template's options, checked against the template).
 */
public record SubscriptionSpec(
        @NotNull(message = "is missing. " + SourceSpec.SCHEMA_FIX)
        @Pattern(regexp = SchemaId.TEXT_PATTERN, message = "is not a schema id. " + SourceSpec.SCHEMA_FIX)
        String schema,
        @WhenOmitted("every field of the schema is delivered")
        List<@NotBlank(message = "is blank. Name a field of the schema, or leave fields out to receive all of them.")
                String> fields,
        @WhenOmitted("every record is delivered")
        // "category: festival" is a list of one.
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        Map<String, @NotEmpty(message = "has no value. Give a value or a list of values, for example "
                + "category: [performance, festival].")
                List<@NotNull(message = "is empty. Give a value, or remove it from the list.") String>> where,
        @WhenOmitted("earliest: the subscriber first receives everything already shared")
        @Pattern(regexp = "(?i)earliest|latest", message = "is not a start position. " + SubscriptionSpec.START_FIX)
        String start,
        @NotNull(message = "is missing. Name the sink type and its options, for example "
                + "to: { type: jdbc, url: \"jdbc:...\", table: XC_WHHD }.")
        Map<String, JsonNode> to) {

    static final String START_FIX = "Use earliest (first receive everything already shared) or latest (only what "
            + "is shared from now on).";
}
