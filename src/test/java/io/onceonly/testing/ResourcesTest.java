package io.onceonly.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.onceonly.registry.Registrations;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.schema.SchemaCatalog;

/** The resource builder writes what a department would write by hand, and the hub loads it. */
class ResourcesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void aSourceIsTheSameDocumentAsItsHandWrittenYaml() throws Exception {
        String built = Resources.source("township-x.activities", "township-x")
                .from("jdbc", "url", "jdbc:h2:mem:x", "table", "activity", "cursor", "updated_at", "lag", "0s")
                .map("activity_id", "template", "320115101-{id}")
                .map("activity_date", "from", "held_on", "type", "date", "formats", List.of("yyyyMMdd", "yyyy年M月d日"))
                .map("category", "from", "kind", "values", Map.of("演出", "performance"))
                .mapConst("division_code", "320115101000")
                .yaml();
        assertThat(tree(built)).isEqualTo(tree("""
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-x.activities, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: jdbc, url: "jdbc:h2:mem:x", table: activity, cursor: updated_at, lag: 0s }
                  map:
                    activity_id:   { template: "320115101-{id}" }
                    activity_date: { from: held_on, type: date, formats: [yyyyMMdd, "yyyy年M月d日"] }
                    category:      { from: kind, values: { "演出": performance } }
                    division_code: { const: "320115101000" }
                """));
    }

    @Test
    void aSubscriptionKeepsNumbersAndListsTyped() throws Exception {
        String built = Resources.subscription("justice-bureau.lectures", "justice-bureau")
                .fields("activity_id", "title")
                .where("category", List.of("lecture"))
                .start("latest")
                .to("http", "url", "http://127.0.0.1:1/hook", "batchSize", 20)
                .yaml();
        assertThat(tree(built)).isEqualTo(tree("""
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: justice-bureau.lectures, department: justice-bureau }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, title]
                  where: { category: [lecture] }
                  start: latest
                  to: { type: http, url: "http://127.0.0.1:1/hook", batchSize: 20 }
                """));
    }

    @Test
    void theHubLoadsTheTownshipsSourceAndBothSubscriptions() throws Exception {
        SourceTable table = new SourceTable("jdbc:h2:mem:resources-test;DB_CLOSE_DELAY=-1", "320115101");
        String yaml = Resources.documents(table.source("township-x.activities"),
                SourceTable.mariaDbSubscription("propaganda-dept.activities", "t"),
                SourceTable.webhookSubscription("culture-bureau.activities", "http://127.0.0.1:1/hook"));
        Registrations loaded = ResourceLoader.check(ResourceLoader.parse("test", yaml.getBytes(StandardCharsets.UTF_8)),
                SchemaCatalog.load(Path.of("schemas")), RouteTemplates.load(Path.of("routes")));
        assertThat(loaded.sources()).hasSize(1);
        assertThat(loaded.subscriptions()).hasSize(2);
    }

    @Test
    void optionsComeInPairs() {
        assertThatThrownBy(() -> Resources.source("a.b", "a").from("push", "token"))
                .hasMessageStartingWith("Options come as key/value pairs, one is left over: 'token'.");
        assertThat(Resources.options("pagination: page, pageSize: 40")).containsExactly(
                Map.entry("pagination", "page"), Map.entry("pageSize", 40));
    }

    private static JsonNode tree(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }
}
