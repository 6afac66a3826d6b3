package io.onceonly.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server standing in for a subscriber's webhook; records every event it is sent. */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private volatile java.util.function.Predicate<JsonNode> refuse = e -> false;
    private volatile java.util.function.Predicate<JsonNode> crashOn = e -> false;
    private final AtomicInteger crashes = new AtomicInteger();
    private final List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                exchange.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v.get(0)));
                JsonNode batch = JSON.readTree(body);
                for (JsonNode event : batch) {
                    if (crashOn.test(event)) {
                        // A receiver with a bug: this record makes it fail with a server error, every time.
                        crashes.incrementAndGet();
                        exchange.sendResponseHeaders(500, -1);
                        return;
                    }
                    if (refuse.test(event)) {
                        // A receiver that validates its input refuses the whole request, as real ones do.
                        byte[] why = "{\"error\":\"title not accepted\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(400, why.length);
                        exchange.getResponseBody().write(why);
                        return;
                    }
                }
                bodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                batch.forEach(events::add);
                exchange.sendResponseHeaders(204, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The latest event received for each entity key (the CloudEvents subject). */
    public Map<String, JsonNode> latestBySubject() {
        Map<String, JsonNode> latest = new java.util.LinkedHashMap<>();
        events().forEach(e -> latest.put(e.path("subject").asText(), e));
        return latest;
    }

    public Map<String, String> lastHeaders() {
        return lastHeaders;
    }

    /** Requests holding an event that matches are answered 400, as a receiver that validates its input would. */
    public void refuseWhen(java.util.function.Predicate<JsonNode> event) {
        this.refuse = event;
    }

    /** Requests holding an event that matches are answered 500, as a receiver with a bug would. */
    public void crashOn(java.util.function.Predicate<JsonNode> event) {
        this.crashOn = event;
    }

    /** How many requests were answered 500 by {@link #crashOn}. */
    public int crashes() {
        return crashes.get();
    }

    /** The raw bodies of the requests taken, for checking signatures. */
    public List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** The next {@code n} requests are answered 503, as a subscriber that is down would. */
    public void failNext(int n) {
        failuresToAnswer.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
