/** Kafka plumbing: topic names, topic creation and the embedded single-node broker. */
package io.onceonly.kafka;
