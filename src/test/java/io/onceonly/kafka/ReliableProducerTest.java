package io.onceonly.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

class ReliableProducerTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void theHubsOwnSettingsWeakenNothing() {
        assertThat(ReliableProducer.weakenings(props())).isEmpty();
        assertThat(ReliableProducer.weakenings(props("acks", "-1", "max.in.flight.requests.per.connection", "5"))).isEmpty();
    }

    @Test
    void refusesEveryOverrideThatWouldLoseOrDoubleARecordAndNamesTheBadValue() {
        assertThat(ReliableProducer.weakenings(props("acks", "1", "enable.idempotence", "false",
                "max.in.flight.requests.per.connection", "10", "retries", "0")).stream().map(Problem::render))
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("acks has a bad value: '1'").contains("acks=all"))
                .anySatisfy(p -> assertThat(p).startsWith("enable.idempotence has a bad value: 'false'"))
                .anySatisfy(p -> assertThat(p).contains("max.in.flight.requests.per.connection has a bad value: '10'"))
                .anySatisfy(p -> assertThat(p).startsWith("retries has a bad value: '0'"));
    }

    @Test
    void aProducerAskedToWeakenItsGuaranteesIsNotCreated() {
        assertThatThrownBy(() -> ReliableProducer.create("localhost:1", "onceonly-test", Map.of("acks", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Kafka producer onceonly-test would not keep the hub's delivery guarantees")
                .hasMessageContaining("acks has a bad value: '0'");
    }
}
