package io.onceonly.delivery;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.onceonly.connector.ConnectorCatalog;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.ConnectorType;
import io.onceonly.schema.SharedSchema;

/** A sink connector type's Java side: builds the Sink a subscription delivers to from its typed options. */
public abstract class SinkConnector extends ConnectorType {

    /**
     * What a sink needs from the hub besides its options.
     *
     * @param bootstrap     the hub's own Kafka cluster
     * @param webhookClient the HTTP client every webhook sink of the hub shares
     * @param zone          the hub's time zone (onceonly.time-zone), for what a sink dates by the local calendar
     */
    public record Context(String subscription, SharedSchema schema, List<String> fields, String bootstrap,
                          Supplier<HttpClient> webhookClient, java.time.ZoneId zone) {
    }

    protected SinkConnector(Declaration declaration) {
        super(Role.SINK, declaration);
    }

    public abstract Sink sink(Context context, ConnectorOptions options);

    /** The sink of a subscription's type, from its options (placeholders resolved). */
    public static Sink open(String type, Context context, Map<String, String> options) {
        SinkConnector connector = ConnectorCatalog.standard().find(Role.SINK, type).map(SinkConnector.class::cast)
                .orElseThrow(() -> new IllegalStateException("Subscription " + context.subscription() + ": sink type '"
                        + type + "' has a template but no Java sink yet. Known: " + ConnectorCatalog.standard()
                        .all(Role.SINK).stream().map(ConnectorType::name).toList() + "."));
        return connector.sink(context, ConnectorOptions.of(connector, options));
    }
}
