package io.onceonly.delivery;

import java.util.List;

/** Records taken from Kafka in one poll, how many the subscription's filter left out, and how to commit them all. */
public record DeliveryBatch(List<DeliveryRecord> records, int filtered, Runnable commit) {
}
