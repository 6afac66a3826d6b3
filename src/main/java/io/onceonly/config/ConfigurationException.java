package io.onceonly.config;

import java.util.List;

/** Configuration the hub cannot run with; lists every problem found, each with where it is and how to fix it. */
public class ConfigurationException extends RuntimeException {
    private final List<String> problems;

    public ConfigurationException(String summary, List<String> problems) {
        super(summary + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(String problem) {
        this("Configuration problem", List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
