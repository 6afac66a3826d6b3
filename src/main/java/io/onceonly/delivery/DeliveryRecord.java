package io.onceonly.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;

/**
 * One shared record on its way to a subscriber: its envelope, its granted fields, and where it sits in Kafka.
 * {@code data} is null for a deletion (a tombstone): the entity no longer exists at its source.
 */
public record DeliveryRecord(String topic, int partition, long offset, String key, CloudEvent event, ObjectNode data) {
    public boolean deletion() {
        return data == null;
    }
}
