package io.onceonly.api;

import static io.onceonly.api.ApiResponses.failed;
import static io.onceonly.api.ApiResponses.problem;

import io.onceonly.registry.RegistryEntry;
import io.vertx.ext.web.RoutingContext;

/**
 * The API's one authorization step: who the bearer token names (kept on the request as its {@code caller}), and
 * whether that caller may reach the operator's views or a named resource.
 */
final class ApiAccess {
    private final AccessTokens tokens;

    ApiAccess(AccessTokens tokens) {
        this.tokens = tokens;
    }

    /** What one named resource's endpoint does once the caller may manage it. */
    interface EntryAction {
        void run(RegistryEntry entry) throws Exception;
    }

    /** The handler in front of every {@code /api/v1} route: 403 when the API is closed, 401 without a valid token. */
    void authorize(RoutingContext ctx) {
        if (!tokens.any()) {
            problem(ctx, 403, "Admin API closed", "No token is configured. Set onceonly.api.operator-token "
                    + "to a reference such as {{env:ONCEONLY_OPERATOR_TOKEN}} and restart the hub.");
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

    static AccessTokens.Caller caller(RoutingContext ctx) {
        return ctx.get("caller");
    }

    static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header == null || !header.startsWith("Bearer ") ? null : header.substring("Bearer ".length()).trim();
    }

    static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        problem(ctx, 401, "Unauthorized", "Send a valid token as 'Authorization: Bearer <token>': the operator's, "
                + "your department's, or for pushes the source's push token.");
    }

    static void operatorOnly(RoutingContext ctx, Runnable then) {
        if (!caller(ctx).operator()) {
            problem(ctx, 403, "Forbidden", "Only the operator may do this.");
            return;
        }
        then.run();
    }

    /** Runs an action on one named resource the caller may manage: 404 when there is none, 403 when not theirs. */
    static void withResource(RoutingContext ctx, RegistryView registry, ResourcePath kind, EntryAction action) {
        String name = ctx.pathParam("name");
        RegistryEntry entry = registry.entry(kind.key(name));
        AccessTokens.Caller caller = caller(ctx);
        if (entry == null) {
            problem(ctx, 404, "Not found", "There is no " + kind.noun() + " '" + name + "'. GET " + kind.path() + " lists them.");
            return;
        }
        if (!caller.mayManage(entry.document().department())) {
            forbidden(ctx, kind, name, caller);
            return;
        }
        try {
            action.run(entry);
        } catch (Exception e) {
            failed(ctx, e);
        }
    }

    static void forbidden(RoutingContext ctx, ResourcePath kind, String name, AccessTokens.Caller caller) {
        problem(ctx, 403, "Forbidden", "The " + kind.noun() + " '" + name + "' belongs to another "
                + "department; your token reaches only " + caller.department() + "'s.");
    }
}
