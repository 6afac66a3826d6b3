package io.onceonly.cli;

import java.io.Console;
import java.io.InputStream;
import java.util.Map;

/**
 * What a command reads besides its arguments: environment variables, standard input and the console (null when none
 * is attached); tests pass their own.
 */
record ShellEnvironment(Map<String, String> variables, InputStream stdin, Console console) {

    static ShellEnvironment system() {
        return new ShellEnvironment(System.getenv(), System.in, System.console());
    }

    /** The variable's value, or null when it is unset or empty. */
    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
