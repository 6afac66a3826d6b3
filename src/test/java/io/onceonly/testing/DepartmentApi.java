package io.onceonly.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for a department's REST API of cultural activities: page ({@code page}, {@code size}),
 * offset ({@code offset}, {@code size}) and cursor ({@code cursor}, {@code size}) pagination, a {@code since} filter
 * on {@code updated_at} (at or after), a bearer token, and answers that a test can replace to inject faults.
 * Responses are {@code {"data": {"items": [...]}, "paging": {"next": "<cursor>"|null}}}.
 */
public final class DepartmentApi implements AutoCloseable {
    public static final String PATH = "/api/activities";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the API saw it. */
    public record Request(Map<String, String> query, String authorization) {
        public String param(String name) {
            return query.get(name);
        }
    }

    /** An answer a test puts in place of the API's own. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, contentType, body, h);
        }
    }

    private final HttpServer server;
    private final Map<Integer, JsonNode> records = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Function<Request, Answer>> interceptors = new ConcurrentLinkedQueue<>();
    private volatile String token;
    private volatile int maxPageSize = Integer.MAX_VALUE;

    /** Starts the API on a free port with activities 1..count, updated a minute apart from 2024-03-05 08:00 Beijing time. */
    public DepartmentApi(int count) throws IOException {
        for (int id = 1; id <= count; id++) {
            put(activity(id, "活动" + id, updatedAt(id)));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, exchange -> {
            try {
                Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
                Request request = new Request(query, exchange.getRequestHeaders().getFirst("Authorization"));
                requests.add(request);
                Answer answer = answer(request);
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                if (answer.contentType() != null) {
                    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
                }
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    exchange.getResponseBody().write(answer.body());
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Requests must then carry {@code Authorization: Bearer <token>}; others get 401. */
    public DepartmentApi requireToken(String token) {
        this.token = token;
        return this;
    }

    /** Gives at most this many records per page, whatever size is asked for, as many APIs do. */
    public DepartmentApi capPageSize(int max) {
        this.maxPageSize = max;
        return this;
    }

    /** Answers the next request for which {@code interceptor} returns an answer, once; null lets a request through. */
    public void interceptOnce(Function<Request, Answer> interceptor) {
        interceptors.add(new Function<>() {
            private boolean used;

            @Override
            public synchronized Answer apply(Request r) {
                if (used) {
                    return null;
                }
                Answer a = interceptor.apply(r);
                used = a != null;
                return a;
            }
        });
    }

    /** Answers every request for which {@code interceptor} returns an answer. */
    public void intercept(Function<Request, Answer> interceptor) {
        interceptors.add(interceptor);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void put(ObjectNode activity) {
        records.put(activity.get("id").asInt(), activity);
    }

    /** Lists {@code value} in the place of activity {@code id}, whatever it is: a broken record. */
    public void putRaw(int id, JsonNode value) {
        records.put(id, value);
    }

    public static String updatedAt(int minutes) {
        return java.time.OffsetDateTime.parse("2024-03-05T08:00:00+08:00").plusMinutes(minutes).toString();
    }

    /** An activity as the department's API lists it: nested place and organizer, a participant count. */
    public static ObjectNode activity(int id, String name, String updatedAt) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id);
        a.put("name", name);
        a.put("kind", id % 2 == 0 ? "lecture" : "performance");
        a.put("date", "2024-03-05");
        a.putObject("place").put("name", "街道文化站").put("division", "320115101000");
        a.putObject("organizer").put("name", "秣陵街道文化站");
        a.put("participants", 20 + id);
        a.put("updated_at", updatedAt);
        return a;
    }

    private Answer answer(Request request) {
        for (Function<Request, Answer> interceptor : interceptors) {
            Answer a = interceptor.apply(request);
            if (a != null) {
                return a;
            }
        }
        if (token != null && !("Bearer " + token).equals(request.authorization())) {
            return Answer.of(401, "application/json", "{\"error\":\"unauthorized\"}");
        }
        List<Map.Entry<Integer, JsonNode>> listed;
        synchronized (records) {
            listed = new ArrayList<>(records.entrySet());
        }
        String since = request.param("since");
        if (since != null) {
            listed.removeIf(a -> a.getValue().path("updated_at").asText().compareTo(since) < 0);
            listed.sort(Comparator.comparing((Map.Entry<Integer, JsonNode> a) -> a.getValue().path("updated_at").asText())
                    .thenComparing(Map.Entry::getKey));
        } else {
            listed.sort(Map.Entry.comparingByKey());
        }
        int size = Math.min(maxPageSize, Integer.parseInt(request.query().getOrDefault("size", "1000000")));
        int from;
        if (request.param("page") != null) {
            from = (Integer.parseInt(request.param("page")) - 1) * size;
        } else if (request.param("offset") != null) {
            from = Integer.parseInt(request.param("offset"));
        } else if (request.param("cursor") != null) {
            from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(request.param("cursor")), StandardCharsets.UTF_8));
        } else {
            from = 0;
        }
        int to = Math.min(listed.size(), from + size);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putObject("data").putArray("items");
        for (int i = from; i < to; i++) {
            items.add(listed.get(i).getValue());
        }
        body.putObject("paging").put("next", to < listed.size()
                ? Base64.getUrlEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)) : null);
        try {
            return Answer.of(200, "application/json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(k, v);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
