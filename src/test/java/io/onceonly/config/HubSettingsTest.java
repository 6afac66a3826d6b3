package io.onceonly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

    @Test
    void defaultsFollowTheContract() {
        HubSettings s = HubSettings.load(Optional.empty(), Map.of(), new Properties());
        assertThat(s.kafkaBootstrap()).isEmpty();
        assertThat(s.kafkaEmbeddedPort()).isEqualTo(9092);
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.topicPrefix()).isEqualTo("onceonly");
        assertThat(s.deliveryPollTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void environmentOverridesFileAndSystemPropertyOverridesEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hub.properties");
        Files.writeString(file, "onceonly.http.port=9000\nonceonly.topic-prefix=fromfile\n");
        Properties system = new Properties();
        system.setProperty("onceonly.topic-prefix", "fromsystem");
        HubSettings s = HubSettings.load(Optional.of(file),
                Map.of("ONCEONLY_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092", "ONCEONLY_HTTP_PORT", "9100"), system);
        assertThat(s.kafkaBootstrap()).contains("kafka-1:9092,kafka-2:9092");
        assertThat(s.httpPort()).isEqualTo(9100);
        assertThat(s.topicPrefix()).isEqualTo("fromsystem");
    }

    @Test
    void everyBadValueIsReportedTogetherWithItsEnvironmentName() {
        assertThatThrownBy(() -> HubSettings.load(Optional.empty(), Map.of(
                "ONCEONLY_HTTP_PORT", "eighty", "ONCEONLY_TOPIC_PREFIX", "Once_Only", "ONCEONLY_DELIVERY_POLL_TIMEOUT", "soon"),
                new Properties()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("onceonly.http.port (environment ONCEONLY_HTTP_PORT) has a bad value: 'eighty'")
                .hasMessageContaining("'Once_Only'")
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void unknownKeyInAFileIsAnErrorNotSilentlyIgnored(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hub.properties");
        Files.writeString(file, "onceonly.htp.port=9000\n");
        assertThatThrownBy(() -> HubSettings.load(Optional.of(file), Map.of(), new Properties()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'onceonly.htp.port' is not a setting");
    }

    @Test
    void everyKeyIsDocumentedWithACommentAboveIt() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(HubSettings.DEFAULTS_RESOURCE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        for (String key : HubSettings.defaults().keySet()) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(key + "=")) {
                    at = i;
                }
            }
            int line = at;
            while (line > 0 && lines.get(line - 1).startsWith("onceonly.")) {
                line--; // keys grouped under one comment share it
            }
            assertThat(line > 0 && lines.get(line - 1).startsWith("# ")).as("%s has a description comment", key).isTrue();
        }
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Durations.parse("30 seconds")).hasMessageContaining("'30 seconds' is not a duration");
    }
}
