package io.onceonly.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/configuration.md is what the declarations generate; with -Donceonly.docs.write=true it is rewritten. */
class ConfigurationReferenceTest {
    private static final String REGENERATE =
            "mvn -o test -Dtest=ConfigurationReferenceTest -Donceonly.docs.write=true";

    @Test
    void theCommittedReferenceMatchesTheDeclarations() throws IOException {
        Path file = Path.of(SettingsReference.FILE);
        String generated = SettingsReference.markdown(HubSettingsDefinition.ALL);
        if (Boolean.getBoolean("onceonly.docs.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(committed).as("%s differs from the settings declared in HubSettingsDefinition. Regenerate it with: %s",
                file, REGENERATE).isEqualTo(generated);
    }

    @Test
    void everySettingHasOneRowWithItsEnvironmentNameAndDefault() {
        String md = SettingsReference.markdown(HubSettingsDefinition.ALL);
        for (Setting<?> s : HubSettingsDefinition.ALL) {
            assertThat(md.lines().filter(l -> l.startsWith("| `" + s.key() + "` | `" + s.env() + "` | ")))
                    .as("row of %s", s.key()).hasSize(1);
        }
    }
}
