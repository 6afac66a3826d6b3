package io.onceonly.config;

import java.util.Collection;
import java.util.List;

import io.onceonly.ops.LogSafe;

/**
 * Configuration the hub cannot run with; lists every problem found, each with where it is and how to fix it. It quotes
 * settings, never records, so logs may show it.
 */
public class ConfigurationException extends RuntimeException implements LogSafe {
    private final List<String> problems;

    public ConfigurationException(String summary, List<String> problems) {
        super(summary + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each read as {@code <path> <what>: '<value>'. <fix>}. */
    public static ConfigurationException of(String summary, Collection<Problem> problems) {
        return new ConfigurationException(summary, problems.stream().map(Problem::render).toList());
    }

    public ConfigurationException(String problem) {
        this("Configuration problem", List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
