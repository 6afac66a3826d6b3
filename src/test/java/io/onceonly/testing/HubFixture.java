package io.onceonly.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.onceonly.config.HubSettings;

/** Settings for a hub under test: the shared broker, a topic prefix of its own, registrations in a temp folder. */
public final class HubFixture {
    private HubFixture() {
    }

    /** A unique topic prefix, so each test has its own topics, groups and transactional ids. */
    public static String uniquePrefix() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static HubSettings settings(Path connectorsDir, String topicPrefix, Map<String, String> more) {
        Map<String, String> values = new HashMap<>();
        values.put("onceonly.kafka.bootstrap", SharedKafkaBroker.bootstrapServers());
        values.put("onceonly.topic-prefix", topicPrefix);
        values.put("onceonly.connectors-dir", connectorsDir.toAbsolutePath().toString());
        values.put("onceonly.delivery.poll-timeout", "200ms");
        values.put("onceonly.http.port", "0");
        values.putAll(more);
        return HubSettings.of(values);
    }

    public static void write(Path dir, String fileName, String yaml) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(fileName), yaml);
    }
}
