package io.onceonly.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.onceonly.connector.ConnectorCatalog;
import io.onceonly.connector.ConnectorType;

class RouteTemplatesTest {

    @Test
    void passwordParametersAreSecretsAndHubParametersAreNotUserOptions() {
        RouteTemplate jdbc = RouteTemplates.load(Path.of("routes")).find("sink-jdbc").orElseThrow();
        ConnectorType declared = ConnectorCatalog.standard().find(ConnectorType.Role.SINK, "jdbc").orElseThrow();
        assertThat(declared.option("password").orElseThrow().secret()).isTrue();
        assertThat(declared.option("url").orElseThrow().secret()).isFalse();
        assertThat(jdbc.userParameters()).containsKeys("url", "table", "createTable").doesNotContainKeys("schemaTopic", "group", "target");
    }
}
