package io.onceonly.schema;

import java.util.List;

/** The schema catalog cannot be loaded; lists every problem found, each naming its file and what to fix. */
public class SchemaCatalogException extends RuntimeException {
    private final List<String> problems;

    public SchemaCatalogException(String summary, List<String> problems) {
        super(summary + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own: {@code <file>: <what> <problem>: '<value>'. <how to fix>.} */
    public List<String> problems() {
        return problems;
    }
}
