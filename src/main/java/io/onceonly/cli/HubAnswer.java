package io.onceonly.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One answer of the admin API: its status and its JSON body (null when the body is not JSON). */
record HubAnswer(int status, JsonNode body, String text) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    String title() {
        return body == null ? "" : body.path("title").asText("");
    }

    /** Every finding of a problem+json answer: its {@code problems}, or its detail as the one finding. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (body != null && body.path("problems").isArray() && !body.path("problems").isEmpty()) {
            body.path("problems").forEach(p -> problems.add(p.asText()));
        } else if (body != null && !body.path("detail").asText("").isBlank()) {
            problems.add(body.path("detail").asText());
        } else if (body == null && text != null && !text.isBlank()) {
            // Not the hub's problem+json: a proxy's page or another server. Its first line says enough.
            problems.add("The answer is not from the OnceOnly admin API: "
                    + TableFormatter.truncate(text.strip().lines().findFirst().orElse(""), 200));
        }
        return problems;
    }

    /**
     * The problem as people read it: {@code 403 Forbidden: detail}, or the title followed by one finding per line
     * when the answer lists several.
     */
    String problemText() {
        String head = status + (title().isEmpty() ? "" : " " + title());
        List<String> problems = problems();
        if (problems.isEmpty()) {
            return head;
        }
        if (problems.size() == 1 && !(body != null && body.path("problems").isArray())) {
            return head + ": " + problems.get(0);
        }
        return head + ":\n  - " + String.join("\n  - ", problems);
    }
}
