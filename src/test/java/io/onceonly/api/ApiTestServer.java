package io.onceonly.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceLoader;

/**
 * One handler group served on a free port with real authorization, for tests without a hub: the operator's token,
 * township-a's and culture-bureau's, and requests that answer status, headers and JSON body.
 */
final class ApiTestServer implements AutoCloseable {
    static final String OPERATOR = "operator-token";
    static final String TOWNSHIP_A = "township-a-token";
    static final String CULTURE_BUREAU = "culture-bureau-token";
    static final AccessTokens TOKENS = AccessTokens.of(OPERATOR, "township-a=" + AccessTokens.sha256Hex(TOWNSHIP_A)
            + ",culture-bureau=" + AccessTokens.sha256Hex(CULTURE_BUREAU));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final AdminServer server;

    ApiTestServer(ApiHandlers group) {
        this(TOKENS, group);
    }

    ApiTestServer(AccessTokens tokens, ApiHandlers group) {
        this.server = AdminServer.start(0, tokens, List.of(group));
    }

    /** An answer: its status, headers and body (JSON when it is JSON, else null with the text kept). */
    record Answer(int status, HttpResponse<String> response, JsonNode json) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        String text() {
            return response.body();
        }
    }

    /**
     * The status line the server answers with when a request announces a body of {@code contentLength} bytes and sends
     * none of it; a server that reads the body before it decides never answers, and this fails after 5 s.
     */
    String statusBeforeBody(String method, String path, String token, long contentLength) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Length: " + contentLength + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            try {
                return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError(method + " " + path + ": no answer within 5 s while the body was not sent; "
                        + "the server waits for the body before it checks the token");
            }
        }
    }

    Answer get(String path, String token) {
        return send("GET", path, token, null);
    }

    Answer post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    Answer put(String path, String token, String body) {
        return send("PUT", path, token, body);
    }

    Answer delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Answer send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body()) : null;
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A resource as a department writes it. */
    static String source(String name, String department) {
        return """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: %s, department: %s }
                spec:
                  schema: cultural-activity/v1
                  from: { type: push }
                """.formatted(name, department);
    }

    static String subscription(String name, String department) {
        return """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: %s, department: %s }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id]
                  to: { type: http, url: "http://example.invalid/" }
                """.formatted(name, department);
    }

    /** What every fake shares: a registry in memory and the calls the API made, in order. */
    abstract static class FakeRegistry implements RegistryView {
        Map<String, RegistryEntry> entries = new LinkedHashMap<>();
        final List<String> calls = new java.util.ArrayList<>();

        @Override
        public Map<String, RegistryEntry> entries() {
            return entries;
        }
    }

    /** The registry of a fake: entries made from resource texts, by key. */
    static Map<String, RegistryEntry> registry(String... resources) {
        Map<String, RegistryEntry> entries = new LinkedHashMap<>();
        for (String text : resources) {
            ResourceDocument doc = ResourceLoader.parse("test", text.getBytes(StandardCharsets.UTF_8)).get(0);
            entries.put(doc.key(), RegistryEntry.of(doc, "test", "api"));
        }
        return entries;
    }

    @Override
    public void close() {
        server.close();
    }
}
