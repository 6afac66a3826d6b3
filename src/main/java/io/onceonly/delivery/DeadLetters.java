package io.onceonly.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;

/** Reads a subscription's pending dead letters from the compacted dead-letter topic. */
public final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat CLOUDEVENT_JSON = new JsonFormat();

    private DeadLetters() {
    }

    /** A record a subscriber refused, why and when, and the record itself as it was to be delivered. */
    public record DeadLetter(String id, String subscription, String reason, String time, DeliveryRecord record) {
    }

    /** The dead letters of one subscription not yet replayed successfully, oldest first. */
    public static List<DeadLetter> pending(String bootstrap, Topics topics, String subscription) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        String prefix = subscription + "|";
        TopicReader.readToEnd(bootstrap, topics.deadLetters(), r -> {
            if (r.key() != null && r.key().startsWith(prefix)) {
                latest.remove(r.key());
                if (r.value() != null) {
                    latest.put(r.key(), r.value());
                }
            }
        });
        List<DeadLetter> letters = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : latest.entrySet()) {
            letters.add(parse(e.getKey(), e.getValue()));
        }
        return letters;
    }

    private static DeadLetter parse(String id, byte[] value) {
        try {
            JsonNode letter = JSON.readTree(value);
            CloudEvent event = CLOUDEVENT_JSON.deserialize(JSON.writeValueAsBytes(letter.path("event")));
            ObjectNode data = event.getData() == null ? null : (ObjectNode) JSON.readTree(event.getData().toBytes());
            DeliveryRecord record = new DeliveryRecord(letter.path("topic").asText(), letter.path("partition").asInt(),
                    letter.path("offset").asLong(), letter.path("key").asText(), event, data);
            return new DeadLetter(id, letter.path("subscription").asText(), letter.path("reason").asText(),
                    letter.path("time").asText(), record);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Dead letter " + id + " cannot be read: " + e.getMessage()
                    + ". It stays in the dead-letter topic; inspect it with a Kafka client.", e);
        }
    }
}
