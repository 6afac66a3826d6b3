package io.onceonly.hub;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Which routes' last run failed after every retry, since when and why: a route whose last exchange failed is
 * FAILED until one succeeds. The reason is described without any message that could quote a record.
 */
final class RouteFailures extends EventNotifierSupport {

    /** A route's current failure streak. */
    record Failure(String error, Instant since) {
    }

    private final Map<String, Failure> failing = new ConcurrentHashMap<>();

    RouteFailures() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeEvent e)) {
            return;
        }
        Exchange exchange = e.getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            return;
        }
        if (event instanceof CamelEvent.ExchangeFailedEvent) {
            Throwable cause = exchange.getException();
            // Shown in the API: only messages known to be free of record values are kept.
            String error = cause == null ? "failed" : cause instanceof io.onceonly.ops.LogSafe
                    ? firstLine(cause.getMessage()) : io.onceonly.ops.RedactedException.describe(cause);
            failing.compute(routeId, (id, old) -> new Failure(error, old == null ? Instant.now() : old.since()));
        } else if (event instanceof CamelEvent.ExchangeCompletedEvent && exchange.getException() == null) {
            failing.remove(routeId);
        }
    }

    /** A failure seen outside an exchange (a consumer that stopped polling); it stays until the route is stopped. */
    void fail(String routeId, String error) {
        failing.compute(routeId, (id, old) -> new Failure(firstLine(error), old == null ? Instant.now() : old.since()));
    }

    Failure of(String routeId) {
        return failing.get(routeId);
    }

    void forget(String routeId) {
        failing.remove(routeId);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
