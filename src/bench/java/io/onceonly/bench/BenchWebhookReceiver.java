package io.onceonly.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for benchmarks: reads each JSON array it is posted with a streaming parser, counts the
 * elements, and notes when each report (CloudEvents {@code subject}, or a raw row's {@code YHBH}) first arrived.
 * It keeps no events, so a million of them cost it a bit set and an array of longs.
 */
final class BenchWebhookReceiver implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-webhook");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final BitSet seen = new BitSet();
    private long[] firstSeenNanos;
    private int distinct;

    BenchWebhookReceiver(int capacity) throws IOException {
        firstSeenNanos = new long[capacity];
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("GET")) { // GET /count: events so far, for a hub in another JVM
                byte[] count = Long.toString(events.get()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, count.length);
                exchange.getResponseBody().write(count);
                exchange.close();
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                long now = System.nanoTime();
                count(body, now);
                requests.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    private void count(byte[] body, long now) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                events.incrementAndGet();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.VALUE_STRING && ("subject".equals(name) || "YHBH".equals(name))) {
                        mark(HazardReports.number(p.getText()), now);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
    }

    private synchronized void mark(int n, long now) {
        if (!seen.get(n)) {
            seen.set(n);
            distinct++;
            if (n < firstSeenNanos.length) {
                firstSeenNanos[n] = now;
            }
        }
    }

    /** Events received, duplicates included. */
    long events() {
        return events.get();
    }

    long requests() {
        return requests.get();
    }

    /** Distinct reports received. */
    synchronized int distinct() {
        return distinct;
    }

    /** When report n first arrived (System.nanoTime), or 0. */
    synchronized long firstSeen(int n) {
        return firstSeenNanos[n];
    }

    /** Forgets everything received, for the next run. */
    synchronized void reset(int capacity) {
        events.set(0);
        requests.set(0);
        seen.clear();
        distinct = 0;
        firstSeenNanos = new long[capacity];
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
