package io.onceonly.api;

import static io.onceonly.api.ApiResponses.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Health for orchestrators ({@code /health/live}, {@code /health/ready}) and the Prometheus scrape at {@code /metrics}. */
record HealthHandlers(HealthProbe probe, Supplier<String> metrics) implements ApiHandlers {
    @Override
    public void mountOpen(Router router) {
        router.get("/health/live").handler(ctx -> json(ctx, 200, Map.of("status", "UP")));
        router.get("/health/ready").blockingHandler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.get()));
    }

    /** Ready when Kafka answers, the registry has been read, and every route here runs or was paused on purpose. */
    private void ready(RoutingContext ctx) {
        boolean kafka = probe.kafkaReachable();
        boolean registry = probe.registryLoaded();
        Map<String, String> routes = probe.routeStatus();
        boolean routesUp = routes.values().stream().allMatch(s -> s.equals("RUNNING") || s.equals("PAUSED"));
        boolean up = kafka && registry && routesUp;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("kafka", kafka ? "UP" : "DOWN");
        body.put("registry", registry ? "UP" : "DOWN");
        body.put("routes", routes);
        json(ctx, up ? 200 : 503, body);
    }
}
