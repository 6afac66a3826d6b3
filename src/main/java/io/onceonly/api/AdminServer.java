package io.onceonly.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.delivery.DeadLetters;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.source.JsonRecords;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The hub's HTTP server: {@code /health/live} and {@code /health/ready} for orchestrators, and the first admin
 * endpoints under {@code /api/v1}: the schema catalog (read-only), and subscriptions (status, pause, resume, dead
 * letters, replay). Admin endpoints
 * need the operator's bearer token; without a configured token they are refused, never open.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server needs from the running hub; kept narrow so the server is testable on its own. */
    public interface Hub {
        boolean kafkaReachable();

        /** Route id to RUNNING, PAUSED, STARTING, STOPPED or UNKNOWN. */
        Map<String, String> routeStatus();

        List<String> subscriptions();

        void pause(String subscription) throws Exception;

        void resume(String subscription) throws Exception;

        List<DeadLetters.DeadLetter> deadLetters(String subscription);

        int replayDeadLetters(String subscription) throws Exception;

        SchemaCatalog catalog();

        /** The Prometheus text exposition of the hub's meters. */
        String scrapeMetrics();

        /** What the dashboard shows: the burden ledger, departments with their routes, rejects, dead letters. */
        Map<String, Object> overview();

        String topicOf(SchemaId schema);

        /** Sources that take records posted to {@code /api/v1/sources/{name}/records}. */
        java.util.Set<String> pushSources();

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
    static final long MAX_PUSH_BYTES = 16L * 1024 * 1024;

    private final Vertx vertx;
    private final HttpServer server;
    private final Hub hub;
    private final byte[] operatorTokenHash;

    private AdminServer(Vertx vertx, HttpServer server, Hub hub, byte[] operatorTokenHash) {
        this.vertx = vertx;
        this.server = server;
        this.hub = hub;
        this.operatorTokenHash = operatorTokenHash;
    }

    /** Starts on {@code port} (0: a free one); {@code operatorToken} null or empty leaves admin endpoints closed. */
    public static AdminServer start(int port, String operatorToken, Hub hub) throws Exception {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        byte[] hash = operatorToken == null || operatorToken.isBlank() ? null : sha256(operatorToken);
        AdminServer[] self = new AdminServer[1];
        router.get("/health/live").handler(ctx -> self[0].json(ctx, 200, Map.of("status", "UP")));
        router.get("/health/ready").blockingHandler(ctx -> self[0].ready(ctx));
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(hub.scrapeMetrics()));
        router.get("/").handler(ctx -> self[0].resource(ctx, "dashboard/index.html", "text/html; charset=utf-8"));
        router.get("/dashboard.js").handler(ctx -> self[0].resource(ctx, "dashboard/dashboard.js", "text/javascript; charset=utf-8"));
        router.get("/dashboard.css").handler(ctx -> self[0].resource(ctx, "dashboard/dashboard.css", "text/css; charset=utf-8"));
        // Before the operator check: a department's system pushes with its own source token.
        router.post("/api/v1/sources/:name/records").handler(io.vertx.ext.web.handler.BodyHandler.create()
                .setBodyLimit(MAX_PUSH_BYTES).setHandleFileUploads(false));
        router.post("/api/v1/sources/:name/records").blockingHandler(ctx -> self[0].push(ctx), false);
        router.route("/api/v1/*").handler(ctx -> self[0].authorize(ctx));
        router.get("/api/v1/overview").blockingHandler(ctx -> self[0].json(ctx, 200, hub.overview()));
        router.get("/api/v1/schemas").handler(ctx -> self[0].schemas(ctx));
        router.get("/api/v1/schemas/:name/versions/:version").handler(ctx -> self[0].schema(ctx));
        router.get("/api/v1/subscriptions").handler(ctx -> self[0].subscriptions(ctx));
        router.post("/api/v1/subscriptions/:name/pause").blockingHandler(ctx -> self[0].act(ctx, hub::pause, "PAUSED"));
        router.post("/api/v1/subscriptions/:name/resume").blockingHandler(ctx -> self[0].act(ctx, hub::resume, "RUNNING"));
        router.get("/api/v1/subscriptions/:name/dead-letters").blockingHandler(ctx -> self[0].deadLetters(ctx));
        router.post("/api/v1/subscriptions/:name/dead-letters/replay").blockingHandler(ctx -> self[0].replay(ctx));
        router.errorHandler(413, ctx -> self[0].json(ctx, 413, problem("Request too large", "A request may carry at most "
                + MAX_PUSH_BYTES / (1024 * 1024) + " MiB. Send the records in several requests.")));
        router.route().last().handler(ctx -> self[0].json(ctx, 404, problem("Not found", "There is no " + ctx.request().method()
                + " " + ctx.normalizedPath() + ". See the README's admin API section.")));
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            self[0] = new AdminServer(vertx, server, hub, hash);
            LOG.info("HTTP on port {}: /health/live, /health/ready, /api/v1{}", server.actualPort(),
                    hash == null ? " (admin endpoints closed: set onceonly.api.operator-token)" : "");
            return self[0];
        } catch (Exception e) {
            vertx.close();
            throw new io.onceonly.config.ConfigurationException("The hub's HTTP server cannot listen on port " + port + ": "
                    + e.getMessage() + ". Choose another with ONCEONLY_HTTP_PORT (0 picks a free one).");
        }
    }

    public int port() {
        return server.actualPort();
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

    private void ready(RoutingContext ctx) {
        boolean kafka = hub.kafkaReachable();
        Map<String, String> routes = hub.routeStatus();
        boolean routesUp = routes.values().stream().allMatch(s -> s.equals("RUNNING") || s.equals("PAUSED"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", kafka && routesUp ? "UP" : "DOWN");
        body.put("kafka", kafka ? "UP" : "DOWN");
        body.put("routes", routes);
        json(ctx, kafka && routesUp ? 200 : 503, body);
    }

    private void authorize(RoutingContext ctx) {
        if (operatorTokenHash == null) {
            json(ctx, 403, problem("Admin API closed", "No operator token is configured. Set onceonly.api.operator-token "
                    + "to a reference such as {{env:ONCEONLY_OPERATOR_TOKEN}} and restart the hub."));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")
                || !MessageDigest.isEqual(operatorTokenHash, sha256(header.substring("Bearer ".length()).trim()))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            json(ctx, 401, problem("Unauthorized", "Send the operator token as 'Authorization: Bearer <token>'."));
            return;
        }
        ctx.next();
    }

    private void push(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String token = bearer(ctx);
        boolean operator = operatorTokenHash != null && token != null && MessageDigest.isEqual(operatorTokenHash, sha256(token));
        if (!hub.pushSources().contains(name)) {
            if (!operator) {
                unauthorized(ctx); // do not tell an unknown caller which sources exist
            } else {
                json(ctx, 404, problem("No such push source", "There is no source '" + name + "' of type push. "
                        + "Push sources: " + hub.pushSources() + "."));
            }
            return;
        }
        if (!operator && (token == null || !hub.isPushToken(name, token))) {
            unauthorized(ctx);
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
        json(ctx, 401, problem("Unauthorized", "Send the source's push token (or the operator token) as "
                + "'Authorization: Bearer <token>'."));
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

    private void subscriptions(RoutingContext ctx) {
        Map<String, String> routes = hub.routeStatus();
        List<Map<String, String>> list = hub.subscriptions().stream().map(name -> Map.of("name", name,
                "status", routes.getOrDefault("subscription." + name, "UNKNOWN"))).toList();
        json(ctx, 200, Map.of("items", list));
    }

    private interface Action {
        void run(String subscription) throws Exception;
    }

    private void act(RoutingContext ctx, Action action, String status) {
        String name = ctx.pathParam("name");
        if (!known(ctx, name)) {
            return;
        }
        try {
            action.run(name);
            json(ctx, 200, Map.of("name", name, "status", status));
        } catch (Exception e) {
            json(ctx, 500, problem("Action failed", e.getMessage()));
        }
    }

    private void deadLetters(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!known(ctx, name)) {
            return;
        }
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
        if (!known(ctx, name)) {
            return;
        }
        try {
            int before = hub.deadLetters(name).size();
            int replayed = hub.replayDeadLetters(name);
            json(ctx, 200, Map.of("name", name, "replayed", replayed, "stillRefused", before - replayed));
        } catch (Exception e) {
            json(ctx, 503, problem("Replay failed", e.getMessage() + ". Nothing was lost; try again when the subscriber is up."));
        }
    }

    private boolean known(RoutingContext ctx, String name) {
        if (hub.subscriptions().contains(name)) {
            return true;
        }
        json(ctx, 404, problem("No such subscription", "There is no subscription '" + name + "'. Subscriptions: "
                + hub.subscriptions() + "."));
        return false;
    }

    /** RFC 9457 problem details: a title and what to do. */
    private static Map<String, String> problem(String title, String detail) {
        return Map.of("title", title, "detail", detail == null ? "" : detail);
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

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
