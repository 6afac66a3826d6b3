package io.onceonly.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.normalize.DomainTypes;

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
    void aBadValueInTheFileNamesTheFileAndAnUnknownKeyIsReportedWithIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hub.properties");
        Files.writeString(file, "onceonly.source.batch-size=0\nonceonly.htp.port=9000\n");
        assertThatThrownBy(() -> HubSettings.load(Optional.of(file), Map.of(), new Properties()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("onceonly.source.batch-size (file " + file + ") has a bad value: '0'. It must be at least 1.")
                .hasMessageContaining("Did you mean onceonly.http.port?");
    }

    @Test
    void theTimeZoneIsShanghaiUnlessSetAndMustBeAZone() {
        assertThat(HubSettings.of(Map.of()).timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(HubSettings.of(Map.of("onceonly.time-zone", "Europe/Berlin")).timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThatThrownBy(() -> HubSettings.load(Optional.empty(), Map.of("ONCEONLY_TIME_ZONE", "Mars/Olympus"), new Properties()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("onceonly.time-zone (environment ONCEONLY_TIME_ZONE) has a bad value: 'Mars/Olympus'")
                .hasMessageContaining("IANA time zone");
    }

    @Test
    void aTimeZoneSettingMovesTheInstantOfALocalDateTime() throws Exception {
        ZoneId berlin = HubSettings.of(Map.of("onceonly.time-zone", "Europe/Berlin")).timeZone();
        ZoneId byDefault = HubSettings.of(Map.of()).timeZone();
        Object inBerlin = DomainTypes.of("datetime", List.of(), berlin).normalize("2024-03-05 08:30:00");
        Object inShanghai = DomainTypes.of("datetime", List.of(), byDefault).normalize("2024-03-05 08:30:00");
        assertThat(inBerlin).isEqualTo("2024-03-05T08:30:00+01:00");
        assertThat(inShanghai).isEqualTo("2024-03-05T08:30:00+08:00");
        assertThat(OffsetDateTime.parse((String) inBerlin).toInstant())
                .isEqualTo(OffsetDateTime.parse((String) inShanghai).toInstant().plus(Duration.ofHours(7)));
    }

    @Test
    void anUnknownKeyNeverEchoesItsValueWhichMayBeASecret() {
        assertThatThrownBy(() -> HubSettings.of(Map.of("onceonly.api.operator-tokn", "s3cret")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'onceonly.api.operator-tokn' is not a setting")
                .hasMessageNotContaining("s3cret");
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
