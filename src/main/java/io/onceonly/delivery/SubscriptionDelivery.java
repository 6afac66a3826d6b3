package io.onceonly.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.onceonly.registry.SubscriptionResource;

/**
 * One subscription at work, called by its route in three steps: collect a Kafka batch keeping only the granted
 * fields, write it to the sink, then commit the consumer offsets. Offsets are committed only after the sink holds
 * the batch, so a crash in between redelivers rather than loses.
 */
public final class SubscriptionDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubscriptionResource subscription;
    private final Sink sink;

    public SubscriptionDelivery(SubscriptionResource subscription, Sink sink) {
        this.subscription = subscription;
        this.sink = sink;
    }

    public String name() {
        return subscription.name();
    }

    /** Step 1: the batch the Kafka consumer polled, projected to the subscription's fields. */
    public DeliveryBatch collect(List<Exchange> exchanges) throws IOException {
        List<DeliveryRecord> records = new ArrayList<>(exchanges.size());
        // The last record of each partition carries the commit for everything before it in that partition.
        Map<Integer, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        for (Exchange ex : exchanges) {
            var in = ex.getMessage();
            CloudEvent event = in.getBody(CloudEvent.class);
            int partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
            records.add(new DeliveryRecord(in.getHeader(KafkaConstants.TOPIC, String.class), partition,
                    in.getHeader(KafkaConstants.OFFSET, Long.class), in.getHeader(KafkaConstants.KEY, String.class),
                    event, project(event)));
            lastPerPartition.put(partition, in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        }
        return new DeliveryBatch(records, () -> lastPerPartition.values().forEach(KafkaManualCommit::commit));
    }

    /** Step 2: the sink takes the whole batch, or the step fails and the route retries it. */
    public DeliveryBatch write(DeliveryBatch batch) throws Exception {
        if (!batch.records().isEmpty()) {
            sink.write(batch.records());
        }
        return batch;
    }

    /** Step 3: the sink has the batch; move the subscription's consumer group past it. */
    public int commit(DeliveryBatch batch) {
        batch.commit().run();
        if (!batch.records().isEmpty()) {
            LOG.info("Subscription {}: delivered {}", subscription.name(), batch.records().size());
        }
        return batch.records().size();
    }

    /** Only the fields the subscription was granted leave the hub. */
    private ObjectNode project(CloudEvent event) throws IOException {
        ObjectNode projected = JSON.createObjectNode();
        if (event == null || event.getData() == null) {
            return projected;
        }
        JsonNode data = JSON.readTree(event.getData().toBytes());
        for (String field : subscription.fields()) {
            if (data.has(field)) {
                projected.set(field, data.get(field));
            }
        }
        return projected;
    }

    @Override
    public void close() {
        sink.close();
    }
}
