package io.onceonly.delivery;

import java.util.List;

/** Records taken from Kafka in one poll, and how to commit them once the sink has them. */
public record DeliveryBatch(List<DeliveryRecord> records, Runnable commit) {
}
