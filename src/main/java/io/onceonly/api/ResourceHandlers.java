package io.onceonly.api;

import static io.onceonly.api.ApiAccess.caller;
import static io.onceonly.api.ApiAccess.withResource;
import static io.onceonly.api.ApiResponses.json;
import static io.onceonly.api.ApiResponses.problem;
import static io.onceonly.api.ApiResponses.problems;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.onceonly.config.ConfigurationException;
import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceLoader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sources and subscriptions as resources: list, read, create, replace, delete, status per instance, pause, resume
 * and restart; and the operator's overview of them all.
 */
record ResourceHandlers(ResourceOperations resources) implements ApiHandlers {
    @Override
    public void mount(Router router) {
        router.get("/api/v1/overview").blockingHandler(ctx -> ApiAccess.operatorOnly(ctx,
                () -> json(ctx, 200, resources.overview())));
        for (ResourcePath kind : ResourcePath.values()) {
            String base = kind.path();
            router.get(base).blockingHandler(ctx -> list(ctx, kind));
            router.post(base).blockingHandler(ctx -> write(ctx, kind, null));
            router.get(base + "/:name").blockingHandler(ctx -> withResource(ctx, resources, kind, e -> json(ctx, 200, view(e))));
            router.put(base + "/:name").blockingHandler(ctx -> write(ctx, kind, ctx.pathParam("name")));
            router.delete(base + "/:name").blockingHandler(ctx -> withResource(ctx, resources, kind, e -> {
                resources.delete(e.resourceKey(), caller(ctx).audit());
                ctx.response().setStatusCode(204).end();
            }));
            router.get(base + "/:name/status").blockingHandler(ctx -> withResource(ctx, resources, kind, e -> json(ctx, 200,
                    Map.of("name", ctx.pathParam("name"), "instances", resources.instanceStatus(e.resourceKey())))));
            router.post(base + "/:name/pause").blockingHandler(ctx -> withResource(ctx, resources, kind, e -> pause(ctx, e, true)));
            router.post(base + "/:name/resume").blockingHandler(ctx -> withResource(ctx, resources, kind, e -> pause(ctx, e, false)));
            router.post(base + "/:name/restart").blockingHandler(ctx -> withResource(ctx, resources, kind, e -> {
                resources.restart(e.resourceKey(), caller(ctx).audit());
                ctx.response().setStatusCode(202).end();
            }));
        }
    }

    private void pause(RoutingContext ctx, RegistryEntry e, boolean paused) {
        resources.setPaused(e.resourceKey(), paused, caller(ctx).audit());
        json(ctx, 200, view(resources.entry(e.resourceKey())));
    }

    private void list(RoutingContext ctx, ResourcePath kind) {
        AccessTokens.Caller caller = caller(ctx);
        List<Map<String, Object>> items = resources.entries().values().stream()
                .filter(e -> e.document().kind().equals(kind.kind) && caller.mayManage(e.document().department()))
                .sorted(Comparator.comparing(RegistryEntry::key))
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
        view.put("state", resources.localStatus(e.resourceKey()));
        view.put("changedBy", e.changedBy());
        view.put("changedAt", e.changedAt());
        view.put("origin", e.origin());
        view.put("resource", e.resource());
        return view;
    }

    /** POST creates (409 if it exists); PUT creates or replaces the named resource. */
    private void write(RoutingContext ctx, ResourcePath kind, String pathName) {
        AccessTokens.Caller caller = caller(ctx);
        RegistryEntry named = pathName == null ? null : resources.entry(kind.key(pathName));
        if (named != null && !caller.mayManage(named.document().department())) {
            ApiAccess.forbidden(ctx, kind, pathName, caller);
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
            problem(ctx, 400, "One resource per request", "The body holds " + docs.size() + " resources. "
                    + "Send one; `onceonly apply -f` sends a file of several one by one.");
            return;
        }
        ResourceDocument doc = docs.get(0);
        List<String> mismatch = new ArrayList<>();
        if (!doc.kind().equals(kind.kind)) {
            mismatch.add("request: kind is '" + doc.kind() + "' but this is " + kind.path() + ". Send it to "
                    + ResourcePath.of(doc.kind()).path() + ".");
        }
        if (pathName != null && !doc.name().equals(pathName)) {
            mismatch.add("request: metadata.name is '" + doc.name() + "' but the path names '" + pathName + "'.");
        }
        if (!mismatch.isEmpty()) {
            json(ctx, 400, problems("The resource does not match the request", mismatch));
            return;
        }
        RegistryEntry existing = resources.entry(doc.resourceKey());
        if (!caller.mayManage(doc.department()) || existing != null && !caller.mayManage(existing.document().department())) {
            problem(ctx, 403, "Forbidden", "Your token manages only " + caller.department() + "'s resources; this "
                    + "one is " + (existing != null ? existing.document().department() : doc.department()) + "'s.");
            return;
        }
        if (pathName == null && existing != null) {
            problem(ctx, 409, "Already exists", "There is already a " + kind.noun() + " '" + doc.name()
                    + "'. Change it with PUT " + kind.path() + "/" + doc.name() + ", or delete it first.");
            return;
        }
        List<String> problems;
        try {
            problems = resources.apply(doc, caller.audit());
        } catch (IllegalStateException e) {
            problem(ctx, 503, "Not saved", e.getMessage());
            return;
        }
        if (!problems.isEmpty()) {
            json(ctx, 400, problems("The resource is not valid; nothing was changed", problems));
            return;
        }
        ctx.response().putHeader("Location", kind.path() + "/" + doc.name());
        json(ctx, existing == null ? 201 : 200, view(resources.entry(doc.resourceKey())));
    }
}
