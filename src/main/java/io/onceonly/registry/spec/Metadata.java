package io.onceonly.registry.spec;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Who a resource belongs to, as written: its name, unique per kind, and the department that registers it. */
public record Metadata(
        @NotNull(message = "is missing. " + Metadata.NAME_FIX)
        @Pattern(regexp = Metadata.NAME_RULE, message = "is not a valid name. " + Metadata.NAME_FIX)
        String name,
        @NotNull(message = "is missing. " + Metadata.DEPARTMENT_FIX)
        @Pattern(regexp = Metadata.NAME_RULE, message = "is not a valid department. " + Metadata.DEPARTMENT_FIX)
        String department) {

    /** Lower-case words joined by '.' or '-': safe in topic names, group ids and URLs. */
    public static final String NAME_RULE = "[a-z0-9]+([.-][a-z0-9]+)*";
    static final String NAME_FIX = "Use lower-case letters, digits, '.' and '-', for example township-a.activities.";
    static final String DEPARTMENT_FIX = "Name the department that owns this registration in lower-case letters, "
            + "digits, '.' and '-', for example culture-bureau.";
}
