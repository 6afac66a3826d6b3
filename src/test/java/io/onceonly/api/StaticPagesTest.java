package io.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaticPagesTest {
    static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(new StaticPages());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theDashboardIsServedWithoutATokenAndNotCached() {
        ApiTestServer.Answer page = api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(api.get("/dashboard.js", null).contentType()).startsWith("text/javascript");
        assertThat(api.get("/dashboard.css", null).contentType()).startsWith("text/css");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAToken() {
        ApiTestServer.Answer doc = api.get("/api/v1/openapi.yaml", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.contentType()).startsWith("application/yaml");
        assertThat(doc.text()).contains("openapi:");
    }

    @Test
    void theRestOfTheApiNeedsAToken() {
        ApiTestServer.Answer refused = api.get("/api/v1/anything", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void withoutAnyTokenConfiguredTheApiIsClosed() {
        try (ApiTestServer closed = new ApiTestServer(AccessTokens.of("", ""), new StaticPages())) {
            ApiTestServer.Answer refused = closed.get("/api/v1/anything", "whatever");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("title").asText()).isEqualTo("Admin API closed");
            assertThat(closed.get("/", null).status()).as("pages stay open").isEqualTo(200);
        }
    }
}
