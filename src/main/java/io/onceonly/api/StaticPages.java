package io.onceonly.api;

import static io.onceonly.api.ApiResponses.problem;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The files the server hands out as they are built: the dashboard and the OpenAPI document. */
final class StaticPages implements ApiHandlers {

    @Override
    public void mountOpen(Router router) {
        router.get("/").handler(ctx -> serve(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
        router.get("/dashboard.js").handler(ctx -> serve(ctx, "dashboard/dashboard.js", "text/javascript; charset=utf-8"));
        router.get("/dashboard.css").handler(ctx -> serve(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
        router.get("/api/v1/openapi.yaml").handler(ctx -> serve(ctx, "openapi.yaml", "application/yaml; charset=utf-8"));
    }

    private static void serve(RoutingContext ctx, String path, String contentType) {
        try (var in = StaticPages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                problem(ctx, 404, "Not found", path + " is missing from the build.");
                return;
            }
            ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-cache")
                    .end(Buffer.buffer(in.readAllBytes()));
        } catch (java.io.IOException e) {
            problem(ctx, 500, "Cannot read " + path, e.getMessage());
        }
    }
}
