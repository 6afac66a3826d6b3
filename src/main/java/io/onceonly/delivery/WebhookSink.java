package io.onceonly.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

/**
 * POSTs a batch of records to a subscriber's HTTP endpoint as a CloudEvents JSON batch
 * ({@code application/cloudevents-batch+json}). Each event keeps the id it got when it was published, and the
 * {@code webhook-id} header is the same for the same batch, so a receiver can drop a redelivery.
 */
public final class WebhookSink implements Sink {
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final JsonFormat format = new JsonFormat();

    public WebhookSink(String url, Duration timeout) {
        this.url = URI.create(url);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void write(List<DeliveryRecord> records) throws IOException, InterruptedException {
        String body = records.stream()
                .map(r -> new String(format.serialize(withGrantedData(r)), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
        String batchId = UUID.nameUUIDFromBytes(records.stream().map(r -> r.event().getId())
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8)).toString();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", BATCH_CONTENT_TYPE)
                .header("webhook-id", batchId)
                .header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body();
            throw new IOException("Webhook " + url + " answered HTTP " + response.statusCode() + " to a batch of "
                    + records.size() + ": '" + (answer.length() > 200 ? answer.substring(0, 200) + "..." : answer)
                    + "'. The batch will be retried.");
        }
    }

    private static CloudEvent withGrantedData(DeliveryRecord r) {
        return CloudEventBuilder.v1(r.event())
                .withData("application/json", r.data().toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close; its threads are daemons
    }
}
