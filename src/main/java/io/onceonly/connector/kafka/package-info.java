/** The kafka connector type: a sink that forwards records to another Kafka topic. */
package io.onceonly.connector.kafka;
