package io.onceonly.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.onceonly.config.ConfigurationException;
import io.onceonly.delivery.DeadLetters;
import io.onceonly.failure.FailureClassifier;
import io.onceonly.failure.HttpProblem;
import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.source.JsonRecords;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The hub's HTTP server: health for orchestrators, metrics, the dashboard, and the admin API under {@code /api/v1}
 * (documented in {@code /api/v1/openapi.yaml}): schemas, sources and subscriptions (create, update, delete, status
 * per instance, pause, resume, restart, progress, rejects, dead letters) and pushed records. Every API call needs a
 * bearer token: the operator's, or a department's, which reaches only that department's resources.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What the server needs from the running hub; kept narrow so the server is testable on its own. */
    public interface Hub {
        boolean kafkaReachable();

        boolean registryLoaded();

        /** Route id to RUNNING, PAUSED, FAILED, STARTING, STOPPED or UNKNOWN, for routes on this instance. */
        Map<String, String> routeStatus();

        SchemaCatalog catalog();

        String topicOf(SchemaId schema);

        /** The Prometheus text exposition of the hub's meters. */
        String scrapeMetrics();

        /** What the dashboard shows: the burden ledger, departments with their routes, rejects, dead letters. */
        Map<String, Object> overview();

        /** Every resource in the registry, by key ({@code Source/name}, {@code Subscription/name}). */
        Map<String, RegistryEntry> entries();

        /** Checks a resource with the rest of the registry and writes it; the problems instead when it is refused. */
        List<String> apply(ResourceDocument doc, String by);

        void delete(String key, String by);

        void setPaused(String key, boolean paused, String by);

        void restart(String key, String by);

        /** This instance's state of a resource: state, and error and since when FAILED. */
        Map<String, Object> localStatus(String key);

        /** Every instance's last reported state of a resource. */
        List<Map<String, Object>> instanceStatus(String key);

        /** A source's committed position, or null when it has none. */
        Map<String, String> position(String source);

        /** Forgets a source's position, so it reads from the start; only while it is paused. */
        void resetPosition(String source, String by);

        /** The latest rejects, newest first, of the given sources. */
        List<Map<String, Object>> rejects(Set<String> sources, int limit);

        List<DeadLetters.DeadLetter> deadLetters(String subscription);

        int replayDeadLetters(String subscription) throws Exception;

        /** Sources that take records posted to {@code /api/v1/sources/{name}/records}. */
        Set<String> pushSources();

        /** Whether a bearer token is the push token of this source. */
        boolean isPushToken(String source, String bearerToken);

        /** Most records one request may carry. */
        int maxRecordsPerPush();

        /** Normalizes and publishes pushed records; the answer says what became of each. */
        Map<String, Object> push(String source, List<Map<String, Object>> records) throws Unavailable;
    }

    /** The hub cannot take the request now (source paused, Kafka unreachable); nothing was published. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Larger requests are refused before they are read: a department sends big loads as several requests. */
    static final long MAX_PUSH_BYTES = io.onceonly.source.JsonRecords.MAX_BODY_BYTES;
    static final long MAX_RESOURCE_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final HttpServer server;
    private final Hub hub;
    private final AccessTokens tokens;
    private final Router router;

    private AdminServer(Vertx vertx, HttpServer server, Hub hub, AccessTokens tokens, Router router) {
        this.vertx = vertx;
        this.server = server;
        this.hub = hub;
        this.tokens = tokens;
        this.router = router;
    }

    /** The two kinds of resource, as they appear in paths and in registry keys. */
    private enum Kind {
        SOURCES("Source"), SUBSCRIPTIONS("Subscription");

        final String kind;

        Kind(String kind) {
            this.kind = kind;
        }

        String key(String name) {
            return kind + "/" + name;
        }

        String path() {
            return "/api/v1/" + name().toLowerCase();
        }
    }

    /** Starts on {@code port} (0: a free one); without any token the admin API stays closed. */
    public static AdminServer start(int port, AccessTokens tokens, Hub hub) throws Exception {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        AdminServer[] self = new AdminServer[1];
        router.get("/health/live").handler(ctx -> self[0].json(ctx, 200, Map.of("status", "UP")));
        router.get("/health/ready").blockingHandler(ctx -> self[0].ready(ctx));
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(hub.scrapeMetrics()));
        router.get("/").handler(ctx -> self[0].resource(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
        router.get("/dashboard.js").handler(ctx -> self[0].resource(ctx, "dashboard/dashboard.js", "text/javascript; charset=utf-8"));
        router.get("/dashboard.css").handler(ctx -> self[0].resource(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
        router.get("/api/v1/openapi.yaml").handler(ctx -> self[0].resource(ctx, "openapi.yaml", "application/yaml; charset=utf-8"));
        // Pushes carry a source's own token as well, so they are authorized apart from the rest of the API.
        router.post("/api/v1/sources/:name/records").handler(BodyHandler.create().setBodyLimit(MAX_PUSH_BYTES));
        router.post("/api/v1/sources/:name/records").blockingHandler(ctx -> self[0].push(ctx), false);
        router.route("/api/v1/*").handler(BodyHandler.create().setBodyLimit(MAX_RESOURCE_BYTES));
        router.route("/api/v1/*").handler(ctx -> self[0].authorize(ctx));
        router.get("/api/v1/overview").blockingHandler(ctx -> self[0].operatorOnly(ctx, () -> self[0].json(ctx, 200, hub.overview())));
        router.get("/api/v1/schemas").handler(ctx -> self[0].schemas(ctx));
        router.get("/api/v1/schemas/:name/versions/:version").handler(ctx -> self[0].schema(ctx));
        router.get("/api/v1/rejects").blockingHandler(ctx -> self[0].rejects(ctx, null));
        for (Kind kind : Kind.values()) {
            String base = kind.path();
            router.get(base).blockingHandler(ctx -> self[0].list(ctx, kind));
            router.post(base).blockingHandler(ctx -> self[0].write(ctx, kind, null));
            router.get(base + "/:name").blockingHandler(ctx -> self[0].one(ctx, kind, e -> self[0].json(ctx, 200, self[0].view(e))));
            router.put(base + "/:name").blockingHandler(ctx -> self[0].write(ctx, kind, ctx.pathParam("name")));
            router.delete(base + "/:name").blockingHandler(ctx -> self[0].one(ctx, kind, e -> {
                hub.delete(e.key(), self[0].caller(ctx).audit());
                ctx.response().setStatusCode(204).end();
            }));
            router.get(base + "/:name/status").blockingHandler(ctx -> self[0].one(ctx, kind, e -> self[0].json(ctx, 200,
                    Map.of("name", ctx.pathParam("name"), "instances", hub.instanceStatus(e.key())))));
            router.post(base + "/:name/pause").blockingHandler(ctx -> self[0].one(ctx, kind, e -> {
                hub.setPaused(e.key(), true, self[0].caller(ctx).audit());
                self[0].json(ctx, 200, self[0].view(hub.entries().get(e.key())));
            }));
            router.post(base + "/:name/resume").blockingHandler(ctx -> self[0].one(ctx, kind, e -> {
                hub.setPaused(e.key(), false, self[0].caller(ctx).audit());
                self[0].json(ctx, 200, self[0].view(hub.entries().get(e.key())));
            }));
            router.post(base + "/:name/restart").blockingHandler(ctx -> self[0].one(ctx, kind, e -> {
                hub.restart(e.key(), self[0].caller(ctx).audit());
                ctx.response().setStatusCode(202).end();
            }));
        }
        router.get("/api/v1/sources/:name/offsets").blockingHandler(ctx -> self[0].one(ctx, Kind.SOURCES, e -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", ctx.pathParam("name"));
            body.put("position", hub.position(ctx.pathParam("name"))); // null: the source has not published yet
            self[0].json(ctx, 200, body);
        }));
        router.delete("/api/v1/sources/:name/offsets").blockingHandler(ctx -> self[0].one(ctx, Kind.SOURCES, e -> self[0].resetPosition(ctx, e)));
        router.get("/api/v1/sources/:name/rejects").blockingHandler(ctx -> self[0].one(ctx, Kind.SOURCES,
                e -> self[0].rejects(ctx, Set.of(ctx.pathParam("name")))));
        router.get("/api/v1/subscriptions/:name/dead-letters").blockingHandler(ctx -> self[0].one(ctx, Kind.SUBSCRIPTIONS,
                e -> self[0].deadLetters(ctx)));
        router.post("/api/v1/subscriptions/:name/dead-letters/replay").blockingHandler(ctx -> self[0].one(ctx, Kind.SUBSCRIPTIONS,
                e -> self[0].replay(ctx)));
        router.errorHandler(413, ctx -> self[0].json(ctx, 413, problem("Request too large", "A request may carry at most "
                + MAX_PUSH_BYTES / (1024 * 1024) + " MiB of records, or 1 MiB for a resource. Send records in several requests.")));
        router.errorHandler(500, ctx -> {
            LOG.error("Admin API request {} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            self[0].json(ctx, 500, problem("Internal error", "The request failed inside the hub; the log has the details."));
        });
        router.route().last().handler(ctx -> self[0].json(ctx, 404, problem("Not found", "There is no " + ctx.request().method()
                + " " + ctx.normalizedPath() + ". The API is described at /api/v1/openapi.yaml.")));
        try {
            // HTTP/1.1 only: Java's HTTP client offers an h2c upgrade on every plain request, and a response that
            // crossed that upgrade was seen to hang; nothing here needs HTTP/2.
            HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false))
                    .requestHandler(router).listen(port, "0.0.0.0")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            self[0] = new AdminServer(vertx, server, hub, tokens, router);
            LOG.info("HTTP on port {}: /health/live, /health/ready, /metrics, /, /api/v1{}", server.actualPort(),
                    tokens.any() ? "" : " (admin API closed: set onceonly.api.operator-token)");
            return self[0];
        } catch (Exception e) {
            vertx.close();
            throw new ConfigurationException("The hub's HTTP server cannot listen on port " + port + ": "
                    + e.getMessage() + ". Choose another with ONCEONLY_HTTP_PORT (0 picks a free one).");
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Each API endpoint as "METHOD /path/{param}", for checking that the OpenAPI document describes every one. */
    public java.util.SortedSet<String> apiEndpoints() {
        java.util.SortedSet<String> endpoints = new java.util.TreeSet<>();
        for (var route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/api/v1/") || path.endsWith("*") || route.methods() == null) {
                continue;
            }
            String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
            route.methods().forEach(m -> endpoints.add(m.name() + " " + openApiPath));
        }
        return endpoints;
    }

    private void resource(RoutingContext ctx, String path, String contentType) {
        try (var in = AdminServer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                json(ctx, 404, problem("Not found", path + " is missing from the build."));
                return;
            }
            ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-cache")
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (java.io.IOException e) {
            json(ctx, 500, problem("Cannot read " + path, e.getMessage()));
        }
    }

    /** Ready when Kafka answers, the registry has been read, and every route here runs or was paused on purpose. */
    private void ready(RoutingContext ctx) {
        boolean kafka = hub.kafkaReachable();
        boolean registry = hub.registryLoaded();
        Map<String, String> routes = hub.routeStatus();
        boolean routesUp = routes.values().stream().allMatch(s -> s.equals("RUNNING") || s.equals("PAUSED"));
        boolean up = kafka && registry && routesUp;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("kafka", kafka ? "UP" : "DOWN");
        body.put("registry", registry ? "UP" : "DOWN");
        body.put("routes", routes);
        json(ctx, up ? 200 : 503, body);
    }

    private void authorize(RoutingContext ctx) {
        if (!tokens.any()) {
            json(ctx, 403, problem("Admin API closed", "No token is configured. Set onceonly.api.operator-token "
                    + "to a reference such as {{env:ONCEONLY_OPERATOR_TOKEN}} and restart the hub."));
            return;
        }
        AccessTokens.Caller caller = tokens.identify(bearer(ctx));
        if (caller == null) {
            unauthorized(ctx);
            return;
        }
        ctx.put("caller", caller);
        ctx.next();
    }

    private AccessTokens.Caller caller(RoutingContext ctx) {
        return ctx.get("caller");
    }

    private void operatorOnly(RoutingContext ctx, Runnable then) {
        if (!caller(ctx).operator()) {
            json(ctx, 403, problem("Forbidden", "Only the operator may do this."));
            return;
        }
        then.run();
    }

    private interface EntryAction {
        void run(RegistryEntry entry) throws Exception;
    }

    /** Runs an action on one named resource the caller may manage: 404 when there is none, 403 when not theirs. */
    private void one(RoutingContext ctx, Kind kind, EntryAction action) {
        String name = ctx.pathParam("name");
        RegistryEntry entry = hub.entries().get(kind.key(name));
        AccessTokens.Caller caller = caller(ctx);
        if (entry == null) {
            json(ctx, 404, problem("Not found", "There is no " + kind.kind.toLowerCase() + " '" + name + "'. GET "
                    + kind.path() + " lists them."));
            return;
        }
        if (!caller.mayManage(entry.document().department())) {
            json(ctx, 403, problem("Forbidden", "The " + kind.kind.toLowerCase() + " '" + name + "' belongs to another "
                    + "department; your token reaches only " + caller.department() + "'s."));
            return;
        }
        try {
            action.run(entry);
        } catch (Exception e) {
            HttpProblem answer = HttpProblem.of(FailureClassifier.classify(e));
            json(ctx, answer.status(), problem(answer.title(), e.getMessage()));
        }
    }

    private void list(RoutingContext ctx, Kind kind) {
        AccessTokens.Caller caller = caller(ctx);
        List<Map<String, Object>> items = hub.entries().values().stream()
                .filter(e -> e.document().kind().equals(kind.kind) && caller.mayManage(e.document().department()))
                .sorted(java.util.Comparator.comparing(RegistryEntry::key))
                .map(this::view).toList();
        json(ctx, 200, Map.of("items", items));
    }

    /** A resource as the API shows it: as written (secrets are only ever references), its target state and audit. */
    private Map<String, Object> view(RegistryEntry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        ResourceDocument doc = e.document();
        view.put("kind", doc.kind());
        view.put("name", doc.name());
        view.put("department", doc.department());
        view.put("paused", e.paused());
        view.put("state", hub.localStatus(e.key()));
        view.put("changedBy", e.changedBy());
        view.put("changedAt", e.changedAt());
        view.put("origin", e.origin());
        view.put("resource", e.resource());
        return view;
    }

    /** POST creates (409 if it exists); PUT creates or replaces the named resource. */
    private void write(RoutingContext ctx, Kind kind, String pathName) {
        AccessTokens.Caller caller = caller(ctx);
        RegistryEntry named = pathName == null ? null : hub.entries().get(kind.key(pathName));
        if (named != null && !caller.mayManage(named.document().department())) {
            json(ctx, 403, problem("Forbidden", "The " + kind.kind.toLowerCase() + " '" + pathName + "' belongs to "
                    + "another department; your token reaches only " + caller.department() + "'s."));
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        List<ResourceDocument> docs;
        try {
            docs = ResourceLoader.parse("request", body);
        } catch (ConfigurationException e) {
            json(ctx, 400, problems("The resource cannot be read", e.problems()));
            return;
        }
        if (docs.size() != 1) {
            json(ctx, 400, problem("One resource per request", "The body holds " + docs.size() + " resources. "
                    + "Send one; `onceonly apply -f` sends a file of several one by one."));
            return;
        }
        ResourceDocument doc = docs.get(0);
        List<String> mismatch = new ArrayList<>();
        if (!doc.kind().equals(kind.kind)) {
            mismatch.add("request: kind is '" + doc.kind() + "' but this is " + kind.path() + ". Send it to "
                    + (doc.kind().equals("Source") ? Kind.SOURCES.path() : Kind.SUBSCRIPTIONS.path()) + ".");
        }
        if (pathName != null && !doc.name().equals(pathName)) {
            mismatch.add("request: metadata.name is '" + doc.name() + "' but the path names '" + pathName + "'.");
        }
        if (!mismatch.isEmpty()) {
            json(ctx, 400, problems("The resource does not match the request", mismatch));
            return;
        }
        RegistryEntry existing = hub.entries().get(doc.key());
        if (!caller.mayManage(doc.department()) || existing != null && !caller.mayManage(existing.document().department())) {
            json(ctx, 403, problem("Forbidden", "Your token manages only " + caller.department() + "'s resources; this "
                    + "one is " + (existing != null ? existing.document().department() : doc.department()) + "'s."));
            return;
        }
        if (pathName == null && existing != null) {
            json(ctx, 409, problem("Already exists", "There is already a " + kind.kind.toLowerCase() + " '" + doc.name()
                    + "'. Change it with PUT " + kind.path() + "/" + doc.name() + ", or delete it first."));
            return;
        }
        List<String> problems;
        try {
            problems = hub.apply(doc, caller.audit());
        } catch (IllegalStateException e) {
            json(ctx, 503, problem("Not saved", e.getMessage()));
            return;
        }
        if (!problems.isEmpty()) {
            json(ctx, 400, problems("The resource is not valid; nothing was changed", problems));
            return;
        }
        ctx.response().putHeader("Location", kind.path() + "/" + doc.name());
        json(ctx, existing == null ? 201 : 200, view(hub.entries().get(doc.key())));
    }

    private void resetPosition(RoutingContext ctx, RegistryEntry entry) {
        if (!entry.paused()) {
            json(ctx, 409, problem("Source is running", "Pause the source first (POST /api/v1/sources/" + entry.document().name()
                    + "/pause): its position can only be reset while it is stopped everywhere."));
            return;
        }
        hub.resetPosition(entry.document().name(), caller(ctx).audit());
        ctx.response().setStatusCode(204).end();
    }

    private void rejects(RoutingContext ctx, Set<String> sources) {
        AccessTokens.Caller caller = caller(ctx);
        Set<String> allowed = new java.util.TreeSet<>();
        hub.entries().values().stream()
                .filter(e -> e.document().kind().equals("Source") && caller.mayManage(e.document().department()))
                .filter(e -> sources == null || sources.contains(e.document().name()))
                .forEach(e -> allowed.add(e.document().name()));
        int limit;
        try {
            limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "100" : ctx.queryParams().get("limit"));
        } catch (NumberFormatException e) {
            json(ctx, 400, problem("Bad limit", "limit must be a whole number, for example ?limit=50."));
            return;
        }
        json(ctx, 200, Map.of("items", hub.rejects(allowed, Math.max(1, Math.min(limit, 1000)))));
    }

    private void push(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String token = bearer(ctx);
        AccessTokens.Caller caller = tokens.identify(token);
        RegistryEntry entry = hub.entries().get(Kind.SOURCES.key(name));
        boolean allowed = caller != null && entry != null && caller.mayManage(entry.document().department())
                || token != null && hub.pushSources().contains(name) && hub.isPushToken(name, token);
        if (!allowed) {
            if (caller == null) {
                unauthorized(ctx); // do not tell an unknown caller which sources exist
            } else if (entry == null) {
                json(ctx, 404, problem("No such source", "There is no source '" + name + "'."));
            } else {
                json(ctx, 403, problem("Forbidden", "The source '" + name + "' belongs to another department."));
            }
            return;
        }
        if (!hub.pushSources().contains(name)) {
            json(ctx, entry == null ? 404 : 409, problem("Not a push source", "The source '" + name + "' is not of type push "
                    + "or does not run on this instance now; the hub reads it itself. Push sources: " + hub.pushSources() + "."));
            return;
        }
        List<Map<String, Object>> records;
        try {
            records = JsonRecords.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (IllegalArgumentException e) {
            json(ctx, 400, problem("Records cannot be read", e.getMessage()));
            return;
        }
        if (records.size() > hub.maxRecordsPerPush()) {
            json(ctx, 413, problem("Too many records", "The request has " + records.size() + " records; at most "
                    + hub.maxRecordsPerPush() + " per request. Send them in several requests."));
            return;
        }
        try {
            Map<String, Object> answer = hub.push(name, records);
            boolean noneAccepted = ((Integer) answer.get("rejected")) == records.size();
            json(ctx, noneAccepted ? 422 : 200, answer);
        } catch (Unavailable e) {
            ctx.response().putHeader("Retry-After", "30");
            json(ctx, 503, problem("Source not taking records", e.getMessage()));
        }
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header == null || !header.startsWith("Bearer ") ? null : header.substring("Bearer ".length()).trim();
    }

    private void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        json(ctx, 401, problem("Unauthorized", "Send a valid token as 'Authorization: Bearer <token>': the operator's, "
                + "your department's, or for pushes the source's push token."));
    }

    private void schemas(RoutingContext ctx) {
        List<Map<String, Object>> items = hub.catalog().all().stream().map(s -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", s.id().name());
            item.put("version", s.id().version());
            item.put("revision", s.revision());
            item.put("title", s.title());
            item.put("key", s.keyFields());
            item.put("owner", s.owner());
            item.put("compatibility", s.compatibility().name());
            item.put("topic", hub.topicOf(s.id()));
            item.put("fields", s.fields().values().stream().map(f -> Map.of("name", f.name(),
                    "sensitivity", f.sensitivity().annotation(), "required", f.required())).toList());
            return item;
        }).toList();
        json(ctx, 200, Map.of("items", items));
    }

    private void schema(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        SchemaId id;
        try {
            id = new SchemaId(name, Integer.parseInt(version.startsWith("v") ? version.substring(1) : version));
        } catch (RuntimeException e) {
            json(ctx, 400, problem("Bad schema version", "'" + name + "/" + version + "' is not a schema version. Use "
                    + "/api/v1/schemas/cultural-activity/versions/1."));
            return;
        }
        hub.catalog().find(id).ifPresentOrElse(s -> json(ctx, 200, s.document()), () -> json(ctx, 404,
                problem("No such schema", "There is no schema " + id + ". GET /api/v1/schemas lists them.")));
    }

    private void deadLetters(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        List<Map<String, Object>> items = hub.deadLetters(name).stream().map(d -> {
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
            int before = hub.deadLetters(name).size();
            int replayed = hub.replayDeadLetters(name);
            json(ctx, 200, Map.of("name", name, "replayed", replayed, "stillRefused", before - replayed));
        } catch (Exception e) {
            json(ctx, 503, problem("Replay failed", e.getMessage() + ". Nothing was lost; try again when the subscriber is up."));
        }
    }

    /** RFC 9457 problem details: a title and what to do. */
    private static Map<String, Object> problem(String title, String detail) {
        return Map.of("title", title, "detail", detail == null ? "" : detail);
    }

    /** A problem with every finding listed, so a caller fixes them in one round. */
    private static Map<String, Object> problems(String title, List<String> problems) {
        return Map.of("title", title, "detail", String.join("\n", problems), "problems", problems);
    }

    private void json(RoutingContext ctx, int status, Object body) {
        try {
            String contentType = status >= 400 ? "application/problem+json" : "application/json";
            ctx.response().setStatusCode(status).putHeader("Content-Type", contentType + "; charset=utf-8")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not close cleanly: {}", e.getMessage());
        }
        vertx.close();
    }
}
