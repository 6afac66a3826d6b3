package io.onceonly.api;

import io.vertx.ext.web.Router;

/** One group of the HTTP server's endpoints, mounted on the router by {@link AdminServer}. */
interface ApiHandlers {
    /** Routes that need no admin token (health, pages), or carry their own (pushes); mounted before authorization. */
    default void mountOpen(Router router) {
    }

    /** Routes under {@code /api/v1} that need a caller; mounted after authorization. */
    default void mount(Router router) {
    }
}
