package io.onceonly.connector.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SinkConnector;

/** Sink type http: POSTs batches of records to the subscriber's HTTP endpoint (a webhook). */
public final class WebhookSinkConnector extends SinkConnector {
    /** sink-http: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("http",
            "POSTs each batch as a CloudEvents JSON batch (application/cloudevents-batch+json); any answer other than "
                    + "2xx is retried (honoring Retry-After), 4xx other than 408/429 sends the refused records to the "
                    + "dead letters; the receiver should drop events whose id it has already seen.",
            List.of(
                ConnectorOption.required("url", OptionKind.NETWORK_TARGET,
                        "Endpoint that receives the batches, for example "
                                + "https://culture-bureau.example/onceonly/events or \"{{env:CULTURE_HOOK}}\"."),
                ConnectorOption.timeout("30s",
                        "How long one POST may take before it counts as failed and is retried."),
                ConnectorOption.text("secret", "", OptionKind.SECRET,
                        "Signing secret shared with the receiver (Standard Webhooks, whsec_<base64>), always as a "
                                + "reference such as \"{{env:CULTURE_HOOK_SECRET}}\". Empty sends unsigned requests.")));

    public WebhookSinkConnector() {
        super(DECLARATION);
    }

    @Override
    public List<Problem> check(String path, ConnectorOptions options) {
        String url = options.text("url");
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return List.of();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        // The query may hold a key; show only what comes before it.
        return List.of(Problem.of(path + ".url", "is not an http or https address", url.replaceAll("\\?.*", ""),
                "Write the receiver's endpoint, for example https://culture-bureau.example/onceonly/events or "
                        + "\"{{env:CULTURE_HOOK}}\"."));
    }

    @Override
    public Sink sink(Context context, ConnectorOptions options) {
        return new WebhookSink(options.text("url"), options.duration("timeout"), options.text("secret"),
                context.webhookClient().get());
    }
}
