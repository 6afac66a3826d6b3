package io.onceonly.connector.camel;

import java.util.List;

import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.source.SourceConnector;
import io.onceonly.source.SourcePipeline;

/** Source type camel: records arrive as messages from any Camel endpoint on the classpath. */
public final class CamelSourceConnector extends SourceConnector {
    /** source-camel: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("camel",
            "Consumes messages from a Camel endpoint URI and publishes the records in each. A message is committed to "
                    + "Kafka before the route completes, so endpoints that acknowledge on completion (JMS with client "
                    + "acknowledgement, a synchronous socket, Kafka with manual commit) acknowledge only what is safe. "
                    + "An unparseable message is rejected whole with the reason. The URI is an expert option: secrets "
                    + "in it must be references.",
            List.of(
                ConnectorOption.required("uri", OptionKind.CAMEL_URI,
                        "Camel endpoint URI to consume, for example "
                                + "\"netty:tcp://0.0.0.0:7001?textline=true&sync=true\" or "
                                + "\"jms:queue:hospital.followups\". Its component must be on the hub's classpath."),
                ConnectorOption.choice("format", List.of("json", "jsonl"),
                        "json (one object or an array of objects per message) or jsonl (one object per line)."),
                ConnectorOption.idField(
                        "Field of a record that identifies it in the department's system (dotted path allowed), shown "
                                + "with its rejects.")));

    public CamelSourceConnector() {
        super(DECLARATION);
    }

    @Override
    public Object routeBean(SourcePipeline pipeline, ConnectorOptions options) {
        return new MessageIntake(pipeline, options.text("format"), options.text("idField"));
    }
}
