package io.onceonly.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.onceonly.registry.RouteTemplate;
import io.onceonly.registry.RouteTemplates;

/**
 * The declarations are complete and the only place options are declared, in the spirit of Debezium's
 * ConfigDefinitionMetadataTest: each route template's parameters are the hub's own and its type's options, each
 * option has a description, and no Java class or template repeats a default.
 */
class ConnectorCatalogTest {
    private static final ConnectorCatalog CATALOG = ConnectorCatalog.standard();

    @Test
    void everyShippedConnectorTypeIsInTheCatalog() {
        assertThat(CATALOG.all()).extracting(ConnectorType::id).containsExactlyInAnyOrder("source-camel",
                "source-file", "source-http", "source-jdbc", "source-push", "sink-file", "sink-http", "sink-jdbc",
                "sink-kafka");
    }

    @Test
    void eachRouteTemplateListsTheHubsParametersAndExactlyTheDeclaredOptionsWithoutDefaults() {
        RouteTemplates templates = RouteTemplates.load(Path.of("routes"));
        for (ConnectorType type : CATALOG.all()) {
            RouteTemplate template = templates.find(type.id()).orElseThrow();
            assertThat(template.userParameters().keySet()).as("parameters of %s", type.id())
                    .containsExactlyElementsOf(type.options().stream().map(ConnectorOption::name).toList());
            assertThat(template.userParameters().values()).as("%s: defaults live in the declaration", type.id())
                    .allSatisfy(p -> assertThat(p.defaultValue()).isNull());
        }
    }

    @Test
    void everyOptionHasADescriptionAndEveryEnumItsDefaultAmongItsValues() {
        for (ConnectorType type : CATALOG.all()) {
            assertThat(type.description()).as("%s has a description", type.id()).isNotBlank();
            for (ConnectorOption o : type.options()) {
                assertThat(o.description()).as("%s %s has a description", type.id(), o.name()).isNotBlank();
                if (o.type() == OptionType.ENUM) {
                    assertThat(o.values()).as("%s %s", type.id(), o.name()).contains(o.defaultValue());
                }
            }
        }
    }

    @Test
    void eachTypesDefaultsAreValidOptionsByThemselves() {
        for (ConnectorType type : CATALOG.all()) {
            Map<String, String> written = new HashMap<>();
            for (ConnectorOption o : type.options()) {
                written.put(o.name(), o.required() ? "{{env:SET_BY_THE_DEPARTMENT}}" : o.defaultValue());
            }
            // A jdbc source needs a table or a query; everything else may stay at its default.
            if (type.id().equals("source-jdbc")) {
                written.put("table", "activity");
                written.put("cursor", "updated_at");
            }
            assertThat(type.validate(type.role().path(), written)).as("problems of %s at its defaults", type.id())
                    .isEmpty();
        }
    }

    @Test
    void everyOptionThatReachesOutsideTheHubSaysWhatItReaches() {
        Map<String, OptionKind> expected = Map.of("source-jdbc.url", OptionKind.NETWORK_TARGET,
                "source-http.url", OptionKind.NETWORK_TARGET, "source-file.dir", OptionKind.FILE_PATH,
                "source-file.uri", OptionKind.CAMEL_URI, "source-camel.uri", OptionKind.CAMEL_URI,
                "sink-jdbc.url", OptionKind.NETWORK_TARGET, "sink-http.url", OptionKind.NETWORK_TARGET,
                "sink-file.dir", OptionKind.FILE_PATH, "sink-kafka.bootstrap", OptionKind.NETWORK_TARGET);
        Map<String, OptionKind> secrets = Map.of("source-jdbc.password", OptionKind.SECRET,
                "source-http.authToken", OptionKind.SECRET, "source-push.token", OptionKind.SECRET,
                "sink-jdbc.password", OptionKind.SECRET, "sink-http.secret", OptionKind.SECRET);
        Map<String, OptionKind> actual = new HashMap<>();
        for (ConnectorType type : CATALOG.all()) {
            type.options().forEach(o -> actual.put(type.id() + "." + o.name(), o.kind()));
        }
        assertThat(actual).containsAllEntriesOf(expected).containsAllEntriesOf(secrets);
        assertThat(actual.entrySet()).filteredOn(e -> e.getValue() == OptionKind.SECRET)
                .extracting(Map.Entry::getKey).containsExactlyInAnyOrderElementsOf(secrets.keySet());
    }

    /** getOrDefault("lag", "5s") and its kind: a connector option's default written again in Java. */
    @Test
    void noConnectorOptionsDefaultIsRepeatedInJava() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        CATALOG.all().forEach(t -> t.options().forEach(o -> names.add(o.name())));
        Pattern repeated = Pattern.compile("getOrDefault\\(\"(\\w+)\",\\s*\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = repeated.matcher(Files.readString(file));
                while (m.find()) {
                    if (names.contains(m.group(1))) {
                        found.add(file + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("defaults of connector options live only in their declaration; read them through "
                + "ConnectorOptions").isEmpty();
    }
}
