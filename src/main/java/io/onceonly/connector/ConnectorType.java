package io.onceonly.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

/**
 * A connector type's declaration: its options, and the checks across them only the type can make; validate() reports
 * every problem at once, as Debezium's connector configs do, before anything is started.
 */
public abstract class ConnectorType {

    /** Which side of the hub a type is on, and where its options sit in a resource. */
    public enum Role {
        SOURCE("spec.from"),
        SINK("spec.to");

        private final String path;

        Role(String path) {
            this.path = path;
        }

        /** How its route templates' ids begin: source- or sink-, the role's own name. */
        public String templatePrefix() {
            return name().toLowerCase(Locale.ROOT) + "-";
        }

        /** Where a resource gives the options: spec.from or spec.to. */
        public String path() {
            return path;
        }
    }

    /**
     * What a type declares.
     *
     * @param name        the name registrations use, for example jdbc
     * @param description a sentence or two for docs/connectors.md
     * @param options     every option, in the order the reference lists them
     */
    public record Declaration(String name, String description, List<ConnectorOption> options) {
        public Declaration {
            options = List.copyOf(options);
        }
    }

    private final Role role;
    private final Declaration declaration;

    /** A type's declaration is given once, by its class's constructor, rather than returned by a method per class. */
    protected ConnectorType(Role role, Declaration declaration) {
        this.role = role;
        this.declaration = declaration;
    }

    public final Role role() {
        return role;
    }

    public final String name() {
        return declaration.name();
    }

    public final String description() {
        return declaration.description();
    }

    public final List<ConnectorOption> options() {
        return declaration.options();
    }

    /** The route template in routes/ that runs this type, for example source-jdbc. */
    public final String id() {
        return role().templatePrefix() + name();
    }

    public final Optional<ConnectorOption> option(String name) {
        return options().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /**
     * Checks that only this type can make (a mode that needs a cursor, a header that needs a token), on the options
     * as written with defaults filled; a value may still be of the wrong type, which the declaration reports. Problems
     * are at paths under {@code path}; a settings parser may throw its problems as a ConfigurationException instead.
     */
    public List<Problem> check(String path, ConnectorOptions options) {
        return List.of();
    }

    /**
     * Every problem of these options as written (placeholders not yet resolved): each value against its declaration,
     * then the type's own checks. A type's check of a value with a {{reference}} is left for when it starts, since
     * only the resolved value can tell; an option already reported is not reported twice.
     */
    public final List<Problem> validate(String path, Map<String, String> written) {
        List<Problem> own;
        try {
            own = check(path, ConnectorOptions.of(this, written));
        } catch (ConfigurationException e) {
            own = e.findings();
        } catch (IllegalArgumentException e) {
            own = List.of(); // a value of the wrong type, reported below
        }
        List<Problem> problems = new ArrayList<>();
        for (Problem p : own) {
            String key = p.path().startsWith(path + ".") ? p.path().substring(path.length() + 1) : "";
            String value = written.get(key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
            if (value == null || !value.contains("{{")) {
                problems.add(p);
            }
        }
        // The type's own words for an option win: they say more than its declared type can.
        List<String> reported = own.stream().map(Problem::path).toList();
        for (ConnectorOption option : options()) {
            String value = written.get(option.name());
            String at = path + "." + option.name();
            // A secret in clear text is said whatever else is wrong with the value.
            boolean alwaysChecked = option.secret() || option.kind() == OptionKind.CAMEL_URI
                    || option.kind() == OptionKind.NETWORK_TARGET;
            if (value != null && (alwaysChecked || !reported.contains(at))) {
                option.check(at, value).ifPresent(problems::add);
            }
        }
        return problems;
    }
}
