package io.onceonly.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.onceonly.kafka.EmbeddedKafkaBroker;

/**
 * One real Kafka broker for the whole test JVM, started on first use on a free port and closed when the JVM ends.
 * Tests keep apart by using their own topic prefix (see {@link HubExtension#uniquePrefix()}).
 */
public final class SharedKafkaBroker {
    private static EmbeddedKafkaBroker broker;

    private SharedKafkaBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("onceonly-test-kafka");
                broker = EmbeddedKafkaBroker.start(dir, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
        }
        return broker.bootstrapServers();
    }
}
