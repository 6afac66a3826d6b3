package io.onceonly.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Each hub setting is declared once, fully, and only there (after Debezium's ConfigDefinitionMetadataTest). */
class HubSettingsDefinitionTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path DECLARATIONS = MAIN.resolve("io/onceonly/config/HubSettingsDefinition.java");

    @Test
    void everySettingHasADescriptionThatIsASentence() {
        assertThat(HubSettingsDefinition.ALL).allSatisfy(s -> assertThat(s.description())
                .as("description of %s", s.key()).isNotBlank().endsWith("."));
    }

    @Test
    void everySettingsDefaultIsAValidValue() {
        assertThat(HubSettingsDefinition.ALL).allSatisfy(s -> assertThat(s.byDefault()).as("default of %s", s.key()).isNotNull());
    }

    @Test
    void noKeyOrEnvironmentNameIsDeclaredTwice() {
        assertThat(HubSettingsDefinition.ALL.stream().map(Setting::key)).doesNotHaveDuplicates();
        assertThat(HubSettingsDefinition.ALL.stream().map(Setting::env)).doesNotHaveDuplicates();
    }

    @Test
    void everyDeclaredSettingIsInTheListTheHubLoads() throws IllegalAccessException {
        List<Setting<?>> declared = new ArrayList<>();
        for (Field f : HubSettingsDefinition.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class) {
                declared.add((Setting<?>) f.get(null));
            }
        }
        assertThat(HubSettingsDefinition.ALL).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void theEnvironmentNamesOperatorsUseStayAsTheyWere() {
        assertThat(HubSettingsDefinition.KAFKA_BOOTSTRAP.env()).isEqualTo("ONCEONLY_KAFKA_BOOTSTRAP");
        assertThat(HubSettingsDefinition.KAFKA_EMBEDDED_PORT.env()).isEqualTo("ONCEONLY_KAFKA_EMBEDDED_PORT");
        assertThat(HubSettingsDefinition.DATA_DIR.env()).isEqualTo("ONCEONLY_DATA_DIR");
        assertThat(HubSettingsDefinition.CONNECTORS_DIR.env()).isEqualTo("ONCEONLY_CONNECTORS_DIR");
        assertThat(HubSettingsDefinition.LOG_FORMAT.env()).isEqualTo("ONCEONLY_LOG_FORMAT");
        assertThat(HubSettingsDefinition.API_OPERATOR_TOKEN.env()).isEqualTo("ONCEONLY_API_OPERATOR_TOKEN");
    }

    @Test
    void noSettingKeyOrEnvironmentNameIsWrittenAsALiteralOutsideTheDeclarations() throws IOException {
        List<String> repeated = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(DECLARATIONS)).toList()) {
                String source = Files.readString(file);
                for (Setting<?> s : HubSettingsDefinition.ALL) {
                    for (String name : List.of(s.key(), s.env())) {
                        if (source.contains("\"" + name + "\"")) {
                            repeated.add(MAIN.relativize(file) + ": \"" + name + "\"");
                        }
                    }
                }
            }
        }
        assertThat(repeated).as("use the declaration in HubSettingsDefinition (or HubSettings' typed accessor) instead")
                .isEmpty();
    }
}
