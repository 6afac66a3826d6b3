package io.onceonly.api;

import static io.onceonly.api.ApiResponses.json;
import static io.onceonly.api.ApiResponses.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.onceonly.schema.SchemaId;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The shared schemas: the list with each one's key, owner, topic and fields, and one version's JSON Schema. */
record SchemaHandlers(SchemaDirectory schemas) implements ApiHandlers {
    @Override
    public void mount(Router router) {
        router.get("/api/v1/schemas").handler(this::list);
        router.get("/api/v1/schemas/:name/versions/:version").handler(this::one);
    }

    private void list(RoutingContext ctx) {
        List<Map<String, Object>> items = schemas.catalog().all().stream().map(s -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", s.id().name());
            item.put("version", s.id().version());
            item.put("revision", s.revision());
            item.put("title", s.title());
            item.put("key", s.keyFields());
            item.put("owner", s.owner());
            item.put("compatibility", s.compatibility().name());
            item.put("topic", schemas.topicOf(s.id()));
            item.put("fields", s.fields().values().stream().map(f -> Map.of("name", f.name(),
                    "sensitivity", f.sensitivity().annotation(), "required", f.required())).toList());
            return item;
        }).toList();
        json(ctx, 200, Map.of("items", items));
    }

    private void one(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        SchemaId id;
        try {
            id = new SchemaId(name, Integer.parseInt(version.startsWith("v") ? version.substring(1) : version));
        } catch (RuntimeException e) {
            problem(ctx, 400, "Bad schema version", "'" + name + "/" + version + "' is not a schema version. Use "
                    + "/api/v1/schemas/cultural-activity/versions/1.");
            return;
        }
        schemas.catalog().find(id).ifPresentOrElse(s -> json(ctx, 200, s.document()), () -> problem(ctx, 404,
                "No such schema", "There is no schema " + id + ". GET /api/v1/schemas lists them."));
    }
}
