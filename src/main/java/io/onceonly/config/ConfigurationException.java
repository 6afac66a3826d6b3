package io.onceonly.config;

import java.util.Collection;
import java.util.List;

import io.onceonly.ops.LogSafe;

/**
 * Configuration the hub cannot run with; lists every problem found, each with where it is and how to fix it. It quotes
 * settings, never records, so logs may show it.
 */
public class ConfigurationException extends RuntimeException implements LogSafe {
    private final List<Problem> findings;

    protected ConfigurationException(String summary, List<Problem> findings) {
        super(summary + ":\n  - " + String.join("\n  - ", findings.stream().map(Problem::render).toList()));
        this.findings = List.copyOf(findings);
    }

    /** Every problem found, each read as {@code <path> <what>: '<value>'. <fix>}. */
    public static ConfigurationException of(String summary, Collection<Problem> problems) {
        return new ConfigurationException(summary, List.copyOf(problems));
    }

    /** The one problem found, where there is nothing more to sum up. */
    public static ConfigurationException of(Problem problem) {
        return new ConfigurationException("Configuration problem", List.of(problem));
    }

    /** Every problem found, as found. */
    public List<Problem> findings() {
        return findings;
    }

    /** Every problem found, each rendered as {@code <path> <what>: '<value>'. <fix>}. */
    public List<String> problems() {
        return findings.stream().map(Problem::render).toList();
    }
}
