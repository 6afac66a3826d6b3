package io.onceonly.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** The generated reference (docs/connectors.md) and the OpenAPI schemas say what the declarations say. */
class ConnectorReferenceTest {
    private static final String REGENERATE =
            "Regenerate it: mvn -o test -Dtest=ConnectorReferenceTest -Donceonly.docs.write=true";

    @Test
    void docsConnectorsMdIsWhatTheDeclarationsGenerate() throws IOException {
        String generated = ConnectorReference.markdown(ConnectorCatalog.standard());
        if (Boolean.getBoolean("onceonly.docs.write")) {
            Files.writeString(ConnectorReference.FILE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(ConnectorReference.FILE) ? Files.readString(ConnectorReference.FILE) : "";
        assertThat(committed).as("docs/connectors.md differs from the connector declarations. " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void theOpenApiSchemaOfEachConnectorTypeIsItsDeclaration() throws IOException {
        JsonNode schemas = new YAMLMapper().readTree(Path.of("src/main/resources/openapi.yaml").toFile())
                .path("components").path("schemas");
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        for (ConnectorType.Role role : ConnectorType.Role.values()) {
            List<String> refs = new ArrayList<>();
            for (ConnectorType type : ConnectorCatalog.standard().all(role)) {
                String name = ConnectorReference.schemaName(type);
                refs.add("#/components/schemas/" + name);
                // Through text, so a default of 100 compares as the same number however it was built.
                JsonNode expected = json.readTree(json.writeValueAsString(ConnectorReference.schema(type)));
                if (!expected.equals(schemas.path(name))) {
                    problems.add(name + " should be\n    " + name + ": " + json.writeValueAsString(expected));
                }
            }
            String union = role == ConnectorType.Role.SOURCE ? "SourceFrom" : "SubscriptionTo";
            List<String> listed = new ArrayList<>();
            schemas.path(union).path("oneOf").forEach(r -> listed.add(r.path("$ref").asText()));
            if (!listed.equals(refs)) {
                problems.add(union + ".oneOf should list " + refs);
            }
        }
        assertThat(problems).as("src/main/resources/openapi.yaml differs from the connector declarations; write "
                + "the schemas below into components.schemas").isEmpty();
    }

    @Test
    void aSecretOptionIsAPasswordInTheSchema() {
        ConnectorType jdbc = ConnectorCatalog.standard().find(ConnectorType.Role.SINK, "jdbc").orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties =
                (Map<String, Map<String, Object>>) ConnectorReference.schema(jdbc).get("properties");
        assertThat(properties.get("password")).containsEntry("format", "password");
        assertThat(properties.get("url")).doesNotContainKey("format");
    }
}
