package io.onceonly.connector.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.delivery.PermanentDeliveryException;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SubscriberUnavailableException;
import io.onceonly.failure.FailureClassifier;
import io.onceonly.failure.FailureKind;

/**
 * POSTs a batch of records to a subscriber's HTTP endpoint as a CloudEvents JSON batch
 * ({@code application/cloudevents-batch+json}), signed as Standard Webhooks sign ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}). Each event
 * keeps the id it got when it was published and {@code webhook-id} is the same for the same batch, so a receiver
 * can drop a redelivery. 4xx answers other than 401, 403, 408 and 429 mean the receiver refuses the content: permanent.
 */
public final class WebhookSink implements Sink {
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

    /** The longest a Retry-After answer is waited for in place; longer waits go back to the route's backoff. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final URI url;
    /** The endpoint as messages show it: without user info or query, which may carry a token. */
    private final String shownUrl;
    private final Duration timeout;
    private final byte[] signingKey;
    private final HttpClient client;
    private final JsonFormat format = new JsonFormat();

    /** @param secret Standard Webhooks secret ({@code whsec_<base64>}, or any text used as is); null or empty: unsigned */
    public WebhookSink(String url, Duration timeout, String secret) {
        this(url, timeout, secret, HttpClient.newBuilder().connectTimeout(timeout).build());
    }

    /**
     * A sink sending through a client shared with other sinks (see {@link #newClient}); {@code timeout} bounds each
     * request, connecting included.
     */
    public WebhookSink(String url, Duration timeout, String secret, HttpClient client) {
        this.url = URI.create(url);
        String host = this.url.getRawAuthority() == null ? "" : this.url.getRawAuthority().replaceFirst("^.*@", "");
        this.shownUrl = this.url.getScheme() + "://" + host + (this.url.getRawPath() == null ? "" : this.url.getRawPath());
        this.timeout = timeout;
        this.signingKey = signingKey(secret);
        this.client = client;
    }

    /**
     * A client for many webhook sinks. Each client has its own selector thread, executor and connection pool, so one
     * per subscription costs a hundred of each with a hundred subscriptions; the request timeout of each sink bounds
     * connecting as well, so the shared client needs no connect timeout of its own.
     */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().build();
    }

    @Override
    public void write(List<DeliveryRecord> records) throws IOException, InterruptedException, PermanentDeliveryException {
        String body = records.stream()
                .map(r -> new String(format.serialize(withGrantedData(r)), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
        String batchId = UUID.nameUUIDFromBytes(records.stream().map(r -> r.event().getId())
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8)).toString();
        HttpResponse<String> response = post(batchId, body);
        int status = response.statusCode();
        Optional<Duration> retryAfter = retryAfter(response);
        if ((status == 429 || status == 503) && retryAfter.isPresent() && retryAfter.get().compareTo(MAX_RETRY_AFTER) <= 0) {
            // The receiver said when to come back: honor it once, in place, before the route's own backoff.
            Thread.sleep(retryAfter.get().toMillis());
            response = post(batchId, body);
            status = response.statusCode();
        }
        if (status / 100 == 2) {
            return;
        }
        // A refusal's reason goes with the records to the dead letters, so it keeps the receiver's words; a "not now"
        // is logged while the batch is retried, so it keeps only the status.
        FailureKind kind = FailureClassifier.ofHttpStatus(status);
        if (kind == FailureKind.REFUSED) {
            String answer = response.body() == null ? "" : response.body();
            String shown = answer.length() > 200 ? answer.substring(0, 200) + "..." : answer;
            throw new PermanentDeliveryException("Webhook " + shownUrl + " refused the records with HTTP " + status + ": '"
                    + shown + "'. Sending them again will not help; fix the records or the receiver, then replay.");
        }
        throw new SubscriberUnavailableException("Webhook " + shownUrl + " answered HTTP " + status + " to a batch of "
                + records.size() + ". The batch will be retried" + (kind == FailureKind.CONFIGURATION
                ? " until the subscription's url or the receiver's credentials are fixed." : "."));
    }

    private HttpResponse<String> post(String batchId, String body) throws IOException, InterruptedException {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", BATCH_CONTENT_TYPE)
                .header("webhook-id", batchId)
                .header("webhook-timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signingKey != null) {
            request.header("webhook-signature", "v1," + sign(signingKey, batchId, timestamp, body));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Standard Webhooks signature: base64 of HMAC-SHA256 over {@code id.timestamp.body}. */
    static String sign(byte[] key, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    static byte[] signingKey(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The webhook secret starts with whsec_ but the rest is not base64. "
                        + "Generate one with: echo whsec_$(head -c 32 /dev/urandom | base64)");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Retry-After as seconds or as an HTTP date. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = java.time.ZonedDateTime.parse(v.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return Optional.of(Duration.between(Instant.now(), at).isNegative() ? Duration.ZERO : Duration.between(Instant.now(), at));
                } catch (java.time.format.DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
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
