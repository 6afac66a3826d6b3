package io.onceonly.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;

/** One shared record on its way to a subscriber: its envelope, its granted fields, and where it sits in Kafka. */
public record DeliveryRecord(String topic, int partition, long offset, String key, CloudEvent event, ObjectNode data) {
}
