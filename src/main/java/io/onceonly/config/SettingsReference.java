package io.onceonly.config;

import java.util.List;

/** Writes the settings reference, docs/configuration.md, from the declarations, so the document cannot drift from them. */
public final class SettingsReference {
    /** Where the reference lives in the checkout. */
    public static final String FILE = "docs/configuration.md";

    private SettingsReference() {
    }

    /** The whole document, one table row per setting in declaration order. */
    public static String markdown(List<Setting<?>> settings) {
        StringBuilder md = new StringBuilder("""
                # Configuration reference

                <!-- Generated from io.onceonly.config.HubSettingsDefinition by ConfigurationReferenceTest; do not edit by hand.
                     Regenerate: mvn -o test -Dtest=ConfigurationReferenceTest -Donceonly.docs.write=true -->

                Every hub setting, with its default. Each can be overridden, in increasing order of precedence, by
                1. a properties file given with `onceonly run --config FILE` (or `ONCEONLY_CONFIG=FILE`),
                2. an environment variable: the key upper-cased with `.` and `-` turned into `_`,
                3. a Java system property of the same name as the key (`-Donceonly.kafka.bootstrap=...`).

                Durations accept `500ms`, `30s`, `5m`, `1h`, `2d` or ISO-8601 (`PT30S`). Relative folders start at
                `onceonly.home`, except `onceonly.data-dir`, which starts at the current directory. A key the hub does not
                know, in the file, is an error, and every bad value is reported together when the hub starts, naming
                where the value came from. A secret is given as a reference such as `{{env:NAME}}` and is never shown.

                | Key | Environment | Default | Type | Description |
                |---|---|---|---|---|
                """);
        for (Setting<?> s : settings) {
            md.append("| `").append(s.key()).append("` | `").append(s.env()).append("` | ")
                    .append(s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(cell(s.type().name())).append(s.secret() ? ", secret" : "").append(" | ")
                    .append(cell(s.description())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
