package io.onceonly.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The connector reference generated from the declarations: docs/connectors.md, and the OpenAPI schemas of
 * {@code spec.from} and {@code spec.to}, so neither can drift from what the hub checks.
 */
public final class ConnectorReference {
    /** Where the reference is committed, relative to the OnceOnly directory. */
    public static final Path FILE = Path.of("docs", "connectors.md");

    private ConnectorReference() {
    }

    /** Writes docs/connectors.md under the given OnceOnly directory (the working directory when none is given). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length == 0 ? "." : args[0]).resolve(FILE);
        Files.writeString(file, markdown(ConnectorCatalog.standard()), StandardCharsets.UTF_8);
        System.out.println("Wrote " + file);
    }

    public static String markdown(ConnectorCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Connector reference\n\n")
                .append("<!-- Generated from the declarations in io.onceonly.connector by ConnectorReference; do not edit.\n")
                .append("     Regenerate: mvn -o test -Dtest=ConnectorReferenceTest -Donceonly.docs.write=true -->\n\n")
                .append("Each connector type's options, as a Source gives them in `spec.from` and a Subscription in `spec.to`.\n")
                .append("An option without a default must be given. Every option is checked when a resource is applied or\n")
                .append("validated, all problems at once. The kind says what a value reaches outside the hub: `secret`\n")
                .append("values are only references such as `{{env:NAME}}`, never written in clear text; `network target`,\n")
                .append("`file path` and `Camel URI` values are what a department's profile allows or refuses. A `network\n")
                .append("target` or `Camel URI` never carries a password in clear text, neither as user:password@ nor as a\n")
                .append("password=, secret= or token= parameter: those parts are references too.\n\n")
                .append("Sync mode, for the jdbc and file sources alike: `incremental` (only what changed) or `full-refresh`\n")
                .append("(each read is the whole data set, so what it no longer lists becomes a deletion). The file source's older\n")
                .append("word `full` still works as `full-refresh`; the hub logs once that it is deprecated.\n\n");
        for (ConnectorType.Role role : ConnectorType.Role.values()) {
            md.append("## ").append(role == ConnectorType.Role.SOURCE ? "Sources (`spec.from`)" : "Sinks (`spec.to`)")
                    .append("\n\n");
            for (ConnectorType type : catalog.all(role)) {
                md.append("### ").append(type.name()).append(" (route template `").append(type.id()).append("`)\n\n")
                        .append(type.description()).append("\n\n")
                        .append("| Option | Type | Default | Kind | Description |\n")
                        .append("|---|---|---|---|---|\n");
                for (ConnectorOption o : type.options()) {
                    md.append("| `").append(o.name()).append("` | ").append(typeText(o)).append(" | ")
                            .append(o.required() ? "*required*" : o.defaultValue().isEmpty() ? "\"\"" : "`" + cell(o.defaultValue()) + "`")
                            .append(" | ").append(kindText(o.kind())).append(" | ").append(cell(o.description()))
                            .append(" |\n");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** The OpenAPI (JSON Schema) of one type's options, {@code type} fixed to its name. */
    public static Map<String, Object> schema(ConnectorType type) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("const", type.name()));
        for (ConnectorOption o : type.options()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", switch (o.type()) {
                case BOOLEAN -> "boolean";
                case INTEGER -> "integer";
                default -> "string";
            });
            if (o.type() == OptionType.ENUM) {
                p.put("enum", o.values());
            }
            if (!o.required()) {
                p.put("default", switch (o.type()) {
                    case BOOLEAN -> Boolean.parseBoolean(o.defaultValue());
                    case INTEGER -> Long.parseLong(o.defaultValue());
                    default -> o.defaultValue();
                });
            }
            if (o.secret()) {
                p.put("format", "password");
            }
            properties.put(o.name(), p);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", java.util.stream.Stream.concat(java.util.stream.Stream.of("type"),
                type.options().stream().filter(ConnectorOption::required).map(ConnectorOption::name)).toList());
        schema.put("additionalProperties", false);
        schema.put("properties", properties);
        return schema;
    }

    /** The OpenAPI schema name of a type's options, for example SourceFromJdbc or SubscriptionToHttp. */
    public static String schemaName(ConnectorType type) {
        return (type.role() == ConnectorType.Role.SOURCE ? "SourceFrom" : "SubscriptionTo")
                + Character.toUpperCase(type.name().charAt(0)) + type.name().substring(1);
    }

    private static String typeText(ConnectorOption o) {
        return switch (o.type()) {
            case ENUM -> o.values().stream().collect(Collectors.joining(" \\| "));
            case MAP -> "key=value, ...";
            case LIST -> "list";
            case INTEGER -> "integer, at least " + o.min();
            case DURATION -> o.min() == 0 ? "duration, 0 or more" : "duration";
            default -> o.type().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String kindText(OptionKind kind) {
        return switch (kind) {
            case PLAIN -> "";
            case SECRET -> "secret";
            case NETWORK_TARGET -> "network target";
            case FILE_PATH -> "file path";
            case CAMEL_URI -> "Camel URI";
            case SQL_IDENTIFIER -> "SQL identifier";
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
