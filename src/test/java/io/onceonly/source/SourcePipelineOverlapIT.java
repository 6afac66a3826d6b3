package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.TopicAdmin;
import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.ops.RedactedException;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.MadeUpRows;
import io.onceonly.testing.SharedKafkaBroker;

/**
 * A pulled source drains a backlog with batch n's transaction committing while batch n+1 is read and normalized.
 * When that transaction fails, nothing may be lost or doubled: the batch read after it is dropped and read again.
 */
class SourcePipelineOverlapIT {
    private static final int BATCH = 1000;

    @Test
    void aTransactionThatFailsWhileTheNextBatchIsReadLosesAndDoublesNothing() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Topics topics = new Topics(HubExtension.uniquePrefix());
        String topic = topics.schema("cultural-activity", 1);
        TopicAdmin.ensure(bootstrap, (short) -1, List.of(new TopicAdmin.TopicSpec(topic, 3, false),
                new TopicAdmin.TopicSpec(topics.rejects(), 3, false), new TopicAdmin.TopicSpec(topics.offsets(), 1, true)));
        String transactionalId = topics.sourceTransactionalId("township-x.activities");
        LongFunction<Map<String, Object>> activity = id -> Map.of("id", id, "title", "活动 " + id);
        MadeUpRows table = new MadeUpRows("HD:", activity);
        List<String> failures = new ArrayList<>();
        try (SourcePipeline pipeline = new SourcePipeline(bootstrap, topics, ActivitySource.resource("township-x.activities"),
                ActivitySource.SCHEMA, table, false, BATCH, java.time.Duration.ofSeconds(15), new HubMetrics(), new RecentRejects(), transactionalId,
                io.onceonly.config.HubSettingsDefinition.TIME_ZONE.byDefault())) {
            table.upTo(10, activity);
            assertThat(poll(pipeline, failures)).isEqualTo(10); // one batch, not full: committed before publish returns

            // Another instance of the source takes over the transactional id: our producer's next transaction fails.
            try (KafkaProducer<String, byte[]> zombie = ReliableProducer.create(bootstrap, "test-fencer",
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
                zombie.initTransactions();
            }
            table.upTo(3_500, activity);
            poll(pipeline, failures);
            assertThat(failures).as("the fenced transaction failed and said so").isNotEmpty();
            assertThat(pipeline.position().get("row")).isEqualTo("3500");
        }

        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(bootstrap, topic, r -> perKey.merge(r.key(), 1, Integer::sum));
        assertThat(perKey).hasSize(3_500);
        assertThat(Set.copyOf(perKey.values())).as("every row published exactly once").containsExactly(1);
        List<String> positions = new ArrayList<>();
        TopicReader.readToEnd(bootstrap, topics.offsets(), r -> positions.add(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(positions.get(positions.size() - 1)).isEqualTo("{\"row\":\"3500\"}");
    }

    /**
     * One poll as the source route runs it: read, normalize, publish while batches come back full; a failing step
     * is tried again in place, as the route's error handler does. Returns the records the poll published.
     */
    private static int poll(SourcePipeline pipeline, List<String> failures) throws Exception {
        int published = 0;
        PublishReport report;
        do {
            RawBatch raw = retried(pipeline::read, failures);
            NormalizedBatch normalized = pipeline.normalize(raw);
            report = retried(() -> pipeline.publish(normalized), failures);
            published += report.published();
        } while (report.full());
        return published;
    }

    private interface Step<T> {
        T run() throws RedactedException;
    }

    private static <T> T retried(Step<T> step, List<String> failures) throws RedactedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (RedactedException e) {
                failures.add(e.getMessage());
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }
}
