package io.onceonly.connector.kafka;

import java.util.List;

import org.apache.kafka.common.internals.Topic;

import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SinkConnector;

/** Sink type kafka: forwards the records to another topic, on this cluster or another. */
public final class KafkaTopicSinkConnector extends SinkConnector {
    /** sink-kafka: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("kafka",
            "Forwards each record, keyed by entity key with its CloudEvents headers and only the granted fields, and "
                    + "waits for every acknowledgement before the subscription commits.",
            List.of(
                ConnectorOption.required("topic", OptionKind.PLAIN,
                        "Topic to forward the records to, for example health-commission.followups."),
                ConnectorOption.text("bootstrap", "", OptionKind.NETWORK_TARGET,
                        "Bootstrap servers of another Kafka cluster; empty means the hub's own cluster.")));

    public KafkaTopicSinkConnector() {
        super(DECLARATION);
    }

    @Override
    public List<Problem> check(String path, ConnectorOptions options) {
        if (Topic.isValid(options.text("topic"))) {
            return List.of();
        }
        return List.of(Problem.of(path + ".topic", "is not a Kafka topic name", options.text("topic"),
                "Use letters, digits, '.', '_' and '-' (up to 249), for example health-commission.followups."));
    }

    /** Empty bootstrap means the hub's own cluster. */
    @Override
    public Sink sink(Context context, ConnectorOptions options) {
        String bootstrap = options.textOrNull("bootstrap");
        return new KafkaTopicSink(bootstrap == null ? context.bootstrap() : bootstrap, options.text("topic"),
                "onceonly-subscription-" + context.subscription());
    }
}
