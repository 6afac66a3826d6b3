package io.onceonly.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.onceonly.failure.FailureClassifier;
import io.onceonly.failure.HttpProblem;
import io.vertx.ext.web.RoutingContext;

/** The one place that writes the API's answers: JSON, and RFC 9457 problem details for every refusal. */
final class ApiResponses {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ApiResponses() {
    }

    /** RFC 9457 problem details: a title and what to do. */
    static Map<String, Object> problem(String title, String detail) {
        return Map.of("title", title, "detail", detail == null ? "" : detail);
    }

    /** A problem with every finding listed, so a caller fixes them in one round. */
    static Map<String, Object> problems(String title, List<String> problems) {
        return Map.of("title", title, "detail", String.join("\n", problems), "problems", problems);
    }

    static void json(RoutingContext ctx, int status, Object body) {
        try {
            String contentType = status >= 400 ? "application/problem+json" : "application/json";
            ctx.response().setStatusCode(status).putHeader("Content-Type", contentType + "; charset=utf-8")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    static void problem(RoutingContext ctx, int status, String title, String detail) {
        json(ctx, status, problem(title, detail));
    }

    /** How an operation's failure is answered: the one mapping from exceptions to status codes. */
    static void failed(RoutingContext ctx, Exception e) {
        HttpProblem answer = HttpProblem.of(FailureClassifier.classify(e));
        problem(ctx, answer.status(), answer.title(), e.getMessage());
    }
}
