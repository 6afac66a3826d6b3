package io.onceonly.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Test
    void everyTemplateInRoutesDeclaresEachParameterWithADescription() {
        RouteTemplates templates = RouteTemplates.load(Path.of("routes"));
        assertThat(templates.ids()).contains("source-jdbc", "sink-jdbc", "sink-http");
        for (String id : templates.ids()) {
            RouteTemplate t = templates.find(id).orElseThrow();
            assertThat(t.description()).as("%s has a description", id).isNotBlank();
            t.parameters().values().forEach(p ->
                    assertThat(p.description()).as("%s parameter %s has a description", id, p.name()).isNotBlank());
        }
    }

    @Test
    void passwordParametersAreSecretsAndHubParametersAreNotUserOptions() {
        RouteTemplate jdbc = RouteTemplates.load(Path.of("routes")).find("sink-jdbc").orElseThrow();
        assertThat(jdbc.parameters().get("password").secret()).isTrue();
        assertThat(jdbc.parameters().get("url").secret()).isFalse();
        assertThat(jdbc.userParameters()).containsKeys("url", "table", "createTable").doesNotContainKeys("schemaTopic", "group", "target");
    }
}
