package io.onceonly.api;

import static io.onceonly.api.ApiAccess.caller;
import static io.onceonly.api.ApiAccess.withResource;
import static io.onceonly.api.ApiResponses.json;
import static io.onceonly.api.ApiResponses.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.ResourceKey;
import io.onceonly.source.JsonRecords;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** What is particular to sources: their progress (read and reset), their rejects, and records pushed to them. */
record SourceHandlers(SourceOperations sources, AccessTokens tokens) implements ApiHandlers {
    /** Larger requests are refused before they are read: a department sends big loads as several requests. */
    static final long MAX_PUSH_BYTES = JsonRecords.MAX_BODY_BYTES;

    /** Pushes carry a source's own token as well, so they are authorized apart from the rest of the API. */
    @Override
    public void mountOpen(Router router) {
        // The token is checked before a byte of the body is read: an unknown caller costs no 16 MiB buffer.
        router.post("/api/v1/sources/:name/records").handler(this::admit);
        router.post("/api/v1/sources/:name/records").handler(BodyHandler.create().setBodyLimit(MAX_PUSH_BYTES));
        router.post("/api/v1/sources/:name/records").blockingHandler(this::push, false);
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/rejects").blockingHandler(ctx -> rejects(ctx, null));
        router.get("/api/v1/sources/:name/offsets").blockingHandler(ctx -> withResource(ctx, sources, ResourcePath.SOURCES, e -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", ctx.pathParam("name"));
            body.put("position", sources.position(ctx.pathParam("name"))); // null: the source has not published yet
            json(ctx, 200, body);
        }));
        router.delete("/api/v1/sources/:name/offsets").blockingHandler(ctx -> withResource(ctx, sources, ResourcePath.SOURCES,
                e -> resetPosition(ctx, e)));
        router.get("/api/v1/sources/:name/rejects").blockingHandler(ctx -> withResource(ctx, sources, ResourcePath.SOURCES,
                e -> rejects(ctx, Set.of(ctx.pathParam("name")))));
    }

    private void resetPosition(RoutingContext ctx, RegistryEntry entry) {
        if (!entry.paused()) {
            problem(ctx, 409, "Source is running", "Pause the source first (POST /api/v1/sources/" + entry.document().name()
                    + "/pause): its position can only be reset while it is stopped everywhere.");
            return;
        }
        sources.resetPosition(entry.document().name(), caller(ctx).audit());
        ctx.response().setStatusCode(204).end();
    }

    private void rejects(RoutingContext ctx, Set<String> only) {
        AccessTokens.Caller caller = caller(ctx);
        Set<String> allowed = new TreeSet<>();
        sources.entries().values().stream()
                .filter(e -> e.resourceKey().isSource() && caller.mayManage(e.document().department()))
                .filter(e -> only == null || only.contains(e.document().name()))
                .forEach(e -> allowed.add(e.document().name()));
        int limit;
        try {
            limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "100" : ctx.queryParams().get("limit"));
        } catch (NumberFormatException e) {
            problem(ctx, 400, "Bad limit", "limit must be a whole number, for example ?limit=50.");
            return;
        }
        json(ctx, 200, Map.of("items", sources.rejects(allowed, Math.max(1, Math.min(limit, 1000)))));
    }

    /** Lets a push through to its body only when its token is the source's, its department's or the operator's. */
    private void admit(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String token = ApiAccess.bearer(ctx);
        AccessTokens.Caller caller = tokens.identify(token);
        RegistryEntry entry = sources.entry(ResourceKey.source(name));
        boolean allowed = caller != null && entry != null && caller.mayManage(entry.document().department())
                || token != null && sources.pushSources().contains(name) && sources.isPushToken(name, token);
        if (!allowed) {
            if (caller == null) {
                ApiAccess.unauthorized(ctx); // do not tell an unknown caller which sources exist
            } else if (entry == null) {
                problem(ctx, 404, "No such source", "There is no source '" + name + "'.");
            } else {
                problem(ctx, 403, "Forbidden", "The source '" + name + "' belongs to another department.");
            }
            return;
        }
        ctx.next();
    }

    private void push(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        RegistryEntry entry = sources.entry(ResourceKey.source(name));
        if (!sources.pushSources().contains(name)) {
            problem(ctx, entry == null ? 404 : 409, "Not a push source", "The source '" + name + "' is not of type push "
                    + "or does not run on this instance now; the hub reads it itself. Push sources: " + sources.pushSources() + ".");
            return;
        }
        List<Map<String, Object>> records;
        try {
            records = JsonRecords.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (IllegalArgumentException e) {
            problem(ctx, 400, "Records cannot be read", e.getMessage());
            return;
        }
        if (records.size() > sources.maxRecordsPerPush()) {
            problem(ctx, 413, "Too many records", "The request has " + records.size() + " records; at most "
                    + sources.maxRecordsPerPush() + " per request. Send them in several requests.");
            return;
        }
        try {
            Map<String, Object> answer = sources.push(name, records);
            boolean noneAccepted = ((Integer) answer.get("rejected")) == records.size();
            json(ctx, noneAccepted ? 422 : 200, answer);
        } catch (UnavailableException e) {
            ctx.response().putHeader("Retry-After", "30");
            problem(ctx, 503, "Source not taking records", e.getMessage());
        }
    }
}
