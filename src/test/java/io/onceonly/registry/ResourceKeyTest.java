package io.onceonly.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceKeyTest {

    @Test
    void theRegistryKeyKeepsItsKindSlashNameFormat() {
        assertThat(ResourceKey.source("township-a.activities")).hasToString("Source/township-a.activities");
        assertThat(ResourceKey.parse("Subscription/culture-bureau.activities"))
                .isEqualTo(ResourceKey.subscription("culture-bureau.activities"));
    }

    @Test
    void aNameWithDotsAndSlashesAfterTheFirstStaysWhole() {
        ResourceKey key = ResourceKey.parse("Source/a.b/c");
        assertThat(key.kind()).isEqualTo("Source");
        assertThat(key.name()).isEqualTo("a.b/c");
    }

    @Test
    void routeIdsAndBeanNamesFollowTheKind() {
        ResourceKey source = ResourceKey.source("township-a.activities");
        assertThat(source.routeId()).isEqualTo("source.township-a.activities");
        assertThat(source.beanName()).isEqualTo("source-pipeline.township-a.activities");
        ResourceKey sub = ResourceKey.subscription("culture-bureau.activities");
        assertThat(sub.routeId()).isEqualTo("subscription.culture-bureau.activities");
        assertThat(sub.beanName()).isEqualTo("subscription-delivery.culture-bureau.activities");
    }

    @Test
    void aRouteIdLeadsBackToItsResource() {
        assertThat(ResourceKey.ofRoute("source.township-a.activities")).isEqualTo(ResourceKey.source("township-a.activities"));
        assertThat(ResourceKey.ofRoute("subscription.culture-bureau.activities"))
                .isEqualTo(ResourceKey.subscription("culture-bureau.activities"));
    }

    @Test
    void aDocumentsKeyIsItsKindAndName() {
        ResourceDocument doc = ResourceLoader.parse("test", """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-a.activities, department: township-a }
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(0);
        assertThat(doc.resourceKey()).isEqualTo(ResourceKey.source("township-a.activities"));
        assertThat(doc.key()).isEqualTo("Source/township-a.activities");
    }

    @Test
    void aKeyWithoutASlashIsRefusedWithAnExample() {
        assertThatThrownBy(() -> ResourceKey.parse("township-a.activities"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'township-a.activities'").hasMessageContaining("Source/township-a.activities");
    }
}
