package io.onceonly.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A subscriber's webhook that behaves as the contract asks (it applies an event id once) and can misbehave on demand:
 * be down, be slow, answer 500 after it processed the batch, or answer 429 with Retry-After. It counts deliveries per
 * event id and notices a key going back to an older version, or a field the subscription was not granted.
 */
final class LedgerWebhook implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { OK, SLOW, ERROR_AFTER_PROCESSING, TOO_MANY_REQUESTS }

    private final int port;
    private final Set<String> granted;
    private HttpServer server;
    private volatile Mode mode = Mode.OK;
    private volatile Duration slowness = Duration.ofSeconds(2);
    private final Map<String, Integer> deliveriesPerId = new HashMap<>();
    private final Map<String, Integer> versionPerKey = new HashMap<>();
    private int regressions;
    private int leakedFields;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refusedRequests = new AtomicInteger();

    LedgerWebhook(Set<String> granted) throws IOException {
        this.granted = granted;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        port = server.getAddress().getPort();
        serve();
    }

    private void serve() {
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                requests.incrementAndGet();
                Mode now = mode;
                if (now == Mode.TOO_MANY_REQUESTS) {
                    refusedRequests.incrementAndGet();
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    exchange.sendResponseHeaders(429, -1);
                    return;
                }
                if (now == Mode.SLOW) {
                    LockSupport.parkNanos(slowness.toNanos());
                }
                apply(JSON.readTree(body));
                if (now == Mode.ERROR_AFTER_PROCESSING) {
                    // The batch is in the subscriber's system, but the hub is told it failed: it must come again.
                    refusedRequests.incrementAndGet();
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private synchronized void apply(JsonNode batch) {
        for (JsonNode event : batch) {
            String id = event.path("id").asText();
            if (deliveriesPerId.merge(id, 1, Integer::sum) > 1) {
                continue; // seen: a receiver keeping the contract drops it
            }
            JsonNode data = event.path("data");
            data.fieldNames().forEachRemaining(f -> {
                if (!granted.contains(f)) {
                    leakedFields++;
                }
            });
            String key = event.path("subject").asText();
            int version = Ledger.version(data.path("title").asText(null));
            Integer before = versionPerKey.get(key);
            if (before != null && version < before) {
                regressions++;
            } else {
                versionPerKey.put(key, version);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    void slowness(Duration d) {
        this.slowness = d;
    }

    /** Stops answering: connections to the port are refused. */
    synchronized void down() {
        server.stop(0);
        server = null;
    }

    /** Answers again on the same port. */
    void up() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        synchronized (this) {
            server = s;
        }
        serve();
    }

    synchronized Map<String, Integer> versions() {
        return Map.copyOf(versionPerKey);
    }

    synchronized int distinctEvents() {
        return deliveriesPerId.size();
    }

    synchronized int redeliveries() {
        return deliveriesPerId.values().stream().mapToInt(n -> n - 1).sum();
    }

    synchronized int regressions() {
        return regressions;
    }

    synchronized int leakedFields() {
        return leakedFields;
    }

    int requests() {
        return requests.get();
    }

    int refusedRequests() {
        return refusedRequests.get();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
