package io.onceonly.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Test
    void passwordParametersAreSecretsAndHubParametersAreNotUserOptions() {
        RouteTemplate jdbc = RouteTemplates.load(Path.of("routes")).find("sink-jdbc").orElseThrow();
        assertThat(jdbc.parameters().get("password").secret()).isTrue();
        assertThat(jdbc.parameters().get("url").secret()).isFalse();
        assertThat(jdbc.userParameters()).containsKeys("url", "table", "createTable").doesNotContainKeys("schemaTopic", "group", "target");
    }
}
