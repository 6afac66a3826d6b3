package io.onceonly.api;

import static io.onceonly.api.ApiResponses.problem;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.HubSettingsDefinition;
import io.onceonly.config.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The hub's HTTP server: health for orchestrators, metrics, the dashboard, and the admin API under {@code /api/v1}
 * (documented in {@code /api/v1/openapi.yaml}), assembled from one handler group per kind of endpoint. Every API
 * call needs a bearer token: the operator's, or a department's, which reaches only that department's resources.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    static final long MAX_RESOURCE_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final HttpServer server;
    private final Router router;

    private AdminServer(Vertx vertx, HttpServer server, Router router) {
        this.vertx = vertx;
        this.server = server;
        this.router = router;
    }

    /** Starts on {@code port} (0: a free one); without any token the admin API stays closed. */
    public static AdminServer start(int port, AccessTokens tokens, HealthProbe health, Supplier<String> metrics,
                                    ResourceOperations resources, SourceOperations sources,
                                    SubscriptionOperations subscriptions, SchemaDirectory schemas) {
        return start(port, tokens, List.of(new HealthHandlers(health, metrics), new StaticPages(),
                new SourceHandlers(sources, tokens), new ResourceHandlers(resources), new SchemaHandlers(schemas),
                new SubscriptionHandlers(subscriptions)));
    }

    /** Starts with the given handler groups only (tests start one group against a fake of what it needs). */
    static AdminServer start(int port, AccessTokens tokens, List<ApiHandlers> groups) {
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        ApiAccess access = new ApiAccess(tokens);
        groups.forEach(g -> g.mountOpen(router));
        // Authorized before the body is read, so an unknown caller cannot make the hub buffer a request.
        router.route("/api/v1/*").handler(access::authorize);
        router.route("/api/v1/*").handler(BodyHandler.create().setBodyLimit(MAX_RESOURCE_BYTES));
        groups.forEach(g -> g.mount(router));
        router.errorHandler(413, ctx -> problem(ctx, 413, "Request too large", "A request may carry at most "
                + SourceHandlers.MAX_PUSH_BYTES / (1024 * 1024) + " MiB of records, or 1 MiB for a resource. Send records in several requests."));
        router.errorHandler(500, ctx -> {
            LOG.error("Admin API request {} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            problem(ctx, 500, "Internal error", "The request failed inside the hub; the log has the details.");
        });
        router.route().last().handler(ctx -> problem(ctx, 404, "Not found", "There is no " + ctx.request().method()
                + " " + ctx.normalizedPath() + ". The API is described at /api/v1/openapi.yaml."));
        try {
            // HTTP/1.1 only: Java's HTTP client offers an h2c upgrade on every plain request, and a response that
            // crossed that upgrade was seen to hang; nothing here needs HTTP/2.
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                    .requestHandler(router).listen(port, "0.0.0.0")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("HTTP on port {}: /health/live, /health/ready, /metrics, /, /api/v1{}", server.actualPort(),
                    tokens.any() ? "" : " (admin API closed: set onceonly.api.operator-token)");
            return new AdminServer(vertx, server, router);
        } catch (Exception e) {
            vertx.close();
            throw ConfigurationException.of("The hub's HTTP server cannot listen on port " + port, List.of(
                    Problem.of(HubSettingsDefinition.HTTP_PORT.key(), "cannot be listened on (" + e.getMessage() + ")",
                            port, "Choose another with ONCEONLY_HTTP_PORT (0 picks a free one).")));
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Each API endpoint as "METHOD /path/{param}", for checking that the OpenAPI document describes every one. */
    public SortedSet<String> apiEndpoints() {
        SortedSet<String> endpoints = new TreeSet<>();
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
