package io.onceonly.api;

import static io.onceonly.api.ApiAccess.withResource;
import static io.onceonly.api.ApiResponses.json;
import static io.onceonly.api.ApiResponses.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** What is particular to subscriptions: the dead letters waiting for a replay, and the replay. */
record SubscriptionHandlers(SubscriptionOperations subscriptions) implements ApiHandlers {
    @Override
    public void mount(Router router) {
        router.get("/api/v1/subscriptions/:name/dead-letters").blockingHandler(ctx -> withResource(ctx, subscriptions,
                ResourcePath.SUBSCRIPTIONS, e -> deadLetters(ctx)));
        router.post("/api/v1/subscriptions/:name/dead-letters/replay").blockingHandler(ctx -> withResource(ctx, subscriptions,
                ResourcePath.SUBSCRIPTIONS, e -> replay(ctx)));
    }

    private void deadLetters(RoutingContext ctx) {
        List<Map<String, Object>> items = subscriptions.deadLetters(ctx.pathParam("name")).stream().map(d -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", d.id());
            item.put("key", d.record().key());
            item.put("reason", d.reason());
            item.put("time", d.time());
            item.put("position", d.record().topic() + "/" + d.record().partition() + "@" + d.record().offset());
            item.put("data", d.record().data());
            return item;
        }).toList();
        json(ctx, 200, Map.of("items", items));
    }

    private void replay(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        try {
            int before = subscriptions.deadLetters(name).size();
            int replayed = subscriptions.replayDeadLetters(name);
            json(ctx, 200, Map.of("name", name, "replayed", replayed, "stillRefused", before - replayed));
        } catch (Exception e) {
            problem(ctx, 503, "Replay failed", e.getMessage() + ". Nothing was lost; try again when the subscriber is up.");
        }
    }
}
