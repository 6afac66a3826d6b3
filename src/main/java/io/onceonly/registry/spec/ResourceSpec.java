package io.onceonly.registry.spec;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A resource as written: {@code apiVersion}, {@code kind}, {@code metadata}, and a spec read by kind. */
public record ResourceSpec(
        @NotNull(message = "is missing. Use " + ResourceSpec.API_VERSION + ".")
        @Pattern(regexp = "onceonly\\.io/v1", message = "is not supported. Use " + ResourceSpec.API_VERSION + ".")
        String apiVersion,
        @NotNull(message = "is missing. Use Source or Subscription.")
        @Pattern(regexp = "Source|Subscription", message = "is not a resource kind. Use Source or Subscription.")
        String kind,
        @NotNull(message = "is missing. Give name and department, for example "
                + "metadata: { name: township-a.activities, department: township-a }.")
        @Valid
        Metadata metadata,
        // Bound by kind into SourceSpec or SubscriptionSpec.
        @NotNull(message = "is missing. Give the schema, the connector and, for a Source, the field map.")
        JsonNode spec) {

    public static final String API_VERSION = "onceonly.io/v1";

    public ResourceSpec {
        // "spec:" with nothing after it binds as a JSON null node; it is as missing as no spec at all.
        spec = spec == null || spec.isNull() || spec.isMissingNode() ? null : spec;
    }
}
