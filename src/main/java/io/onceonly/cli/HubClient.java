package io.onceonly.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Talks to a hub's admin API ({@code /api/v1}) with the caller's bearer token; an unreachable hub is a
 * {@link HubUnreachableException}, an error answer a {@link RequestRefusedException} naming the problem.
 */
final class HubClient {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Reading rejects scans a topic; a minute is ample and still ends a hung request. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI server;
    private final String token;
    private final HttpClient http;

    HubClient(URI server, String token) {
        this.server = server;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    URI server() {
        return server;
    }

    /** The server's address without a trailing slash, so a hub behind a proxy at /onceonly/ keeps that prefix. */
    private String base() {
        String s = server.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** GETs a path and returns its JSON; an error answer is thrown. */
    JsonNode get(String path) {
        return expectOk(send("GET", path, null)).body();
    }

    /** The answer, whatever its status; only an unreachable hub is thrown. */
    HubAnswer send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "onceonly-cli")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubUnreachableException("Interrupted while waiting for the hub at " + server + ".");
        }
        return new HubAnswer(response.statusCode(), parse(response), response.body());
    }

    /** The answer when it is a success; otherwise its problem is thrown, with a hint when the token is the cause. */
    HubAnswer expectOk(HubAnswer answer) {
        if (answer.ok() && answer.body() != null) {
            return answer;
        }
        if (answer.ok()) {
            throw new RequestRefusedException(new HubAnswer(answer.status(), null, answer.text()), "Is " + server
                    + " a OnceOnly hub? Point to the hub with --server URL or ONCEONLY_SERVER.");
        }
        throw new RequestRefusedException(answer, hint(answer));
    }

    /** What to do about an answer, when the answer alone does not say. */
    String hint(HubAnswer answer) {
        if (answer.status() != 401) {
            return null;
        }
        return token == null
                ? "ONCEONLY_TOKEN is not set. Give it the operator's or your department's token, typed without echo so "
                + "it stays out of shell history: read -rs ONCEONLY_TOKEN && export ONCEONLY_TOKEN"
                : "The token in ONCEONLY_TOKEN is not one this hub knows: check that it is the operator's or your "
                + "department's, for the hub at " + server + ".";
    }

    private static JsonNode parse(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.contains("json") || response.body().isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private HubUnreachableException unreachable(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            return new HubUnreachableException("The hub at " + server + " took longer than " + REQUEST_TIMEOUT.toSeconds()
                    + " s to answer; nothing more is known. Try again, or check its log.");
        } else if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
            why = "unknown host '" + server.getHost() + "'";
        } else if (e instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new HubUnreachableException("Cannot reach the hub at " + server + " (" + why + "). Start one with "
                + "`onceonly run`, or point to the running hub with --server URL or ONCEONLY_SERVER.");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A resource cannot be written as JSON", e);
        }
    }

    /** A name as one path segment: resource names are [a-z0-9.-], anything else is percent-encoded. */
    static String segment(String name) {
        if (name.equals(".") || name.equals("..")) {
            return name.replace(".", "%2E"); // never a path step up
        }
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }
}
