package io.onceonly.api;

import static io.onceonly.api.ApiTestServer.TOWNSHIP_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;

class SchemaHandlersTest {
    static final SchemaCatalog CATALOG = SchemaCatalog.load(Path.of(System.getProperty("basedir", ".")).resolve("schemas"));
    static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(new SchemaHandlers(new SchemaDirectory() {
            @Override
            public SchemaCatalog catalog() {
                return CATALOG;
            }

            @Override
            public String topicOf(SchemaId schema) {
                return "test." + schema.name() + ".v" + schema.version();
            }
        }));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theSchemasAreListedWithTheirTopicsForAnyCaller() {
        ApiTestServer.Answer list = api.get("/api/v1/schemas", TOWNSHIP_A);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("items")).hasSize(CATALOG.all().size());
        assertThat(list.json().findValuesAsText("topic")).contains("test.cultural-activity.v1");
        assertThat(api.get("/api/v1/schemas", null).status()).isEqualTo(401);
    }

    @Test
    void oneVersionIsItsJsonSchemaWithOrWithoutTheV() {
        ApiTestServer.Answer schema = api.get("/api/v1/schemas/cultural-activity/versions/v1", TOWNSHIP_A);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.json().path("x-key").isArray()).isTrue();
        assertThat(api.get("/api/v1/schemas/cultural-activity/versions/1", TOWNSHIP_A).status()).isEqualTo(200);
    }

    @Test
    void aBadOrMissingVersionIsAProblem() {
        ApiTestServer.Answer bad = api.get("/api/v1/schemas/cultural-activity/versions/latest", TOWNSHIP_A);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("title").asText()).isEqualTo("Bad schema version");
        ApiTestServer.Answer missing = api.get("/api/v1/schemas/cultural-activity/versions/99", TOWNSHIP_A);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }
}
