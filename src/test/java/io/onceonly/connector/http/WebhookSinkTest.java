package io.onceonly.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.delivery.PermanentDeliveryException;
import io.onceonly.delivery.SubscriberUnavailableException;

/** The webhook sink against a real HTTP server answering as receivers do. */
class WebhookSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Integer> answers = new ArrayList<>();
    private final List<String> signatures = new ArrayList<>();
    private final List<String> signedContent = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private String retryAfter;
    private HttpServer server;

    private String serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            signatures.add(ex.getRequestHeaders().getFirst("webhook-signature"));
            signedContent.add(ex.getRequestHeaders().getFirst("webhook-id") + "." + ex.getRequestHeaders().getFirst("webhook-timestamp") + "." + body);
            int n = requests.getAndIncrement();
            int status = n < answers.size() ? answers.get(n) : 204;
            if (retryAfter != null && status == 429) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static List<DeliveryRecord> batch() {
        var event = CloudEventBuilder.v1().withId("e1").withSource(URI.create("/departments/township-a/sources/a"))
                .withType("onceonly.cultural-activity.v1").withSubject("320115101-1")
                .withTime(OffsetDateTime.parse("2026-11-28T08:00:00Z")).build();
        return List.of(new DeliveryRecord("t", 0, 0, "320115101-1", event,
                JSON.createObjectNode().put("activity_id", "320115101-1").put("title", "春节文艺汇演")));
    }

    @Test
    void signsEachRequestSoTheReceiverCanVerifyIt() throws Exception {
        byte[] key = "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.UTF_8);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        new WebhookSink(serve(), Duration.ofSeconds(5), secret).write(batch());

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signedContent.get(0).getBytes(StandardCharsets.UTF_8)));
        assertThat(signatures.get(0)).isEqualTo(expected);
        assertThat(signedContent.get(0)).contains("\"title\":\"春节文艺汇演\"");
    }

    @Test
    void unsignedWithoutASecret() throws Exception {
        new WebhookSink(serve(), Duration.ofSeconds(5), "").write(batch());
        assertThat(signatures.get(0)).isNull();
    }

    @Test
    void aRefusedCredentialIsRetriedUntilFixedNotDeadLettered() throws Exception {
        answers.addAll(List.of(401, 403));
        WebhookSink sink = new WebhookSink(serve(), Duration.ofSeconds(5), null);
        assertThatThrownBy(() -> sink.write(batch())).isInstanceOf(SubscriberUnavailableException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("credentials are fixed");
        assertThatThrownBy(() -> sink.write(batch())).isInstanceOf(SubscriberUnavailableException.class)
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void aClientErrorIsPermanentButTimeoutAndTooManyRequestsAreNot() throws Exception {
        answers.addAll(List.of(400, 408, 500));
        WebhookSink sink = new WebhookSink(serve(), Duration.ofSeconds(5), null);
        assertThatThrownBy(() -> sink.write(batch())).isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("refused the records with HTTP 400");
        assertThatThrownBy(() -> sink.write(batch())).isInstanceOf(IOException.class).hasMessageContaining("HTTP 408");
        assertThatThrownBy(() -> sink.write(batch())).isInstanceOf(IOException.class).hasMessageContaining("will be retried");
    }

    @Test
    void honorsRetryAfterOnceInPlace() throws Exception {
        answers.add(429);
        retryAfter = "1";
        WebhookSink sink = new WebhookSink(serve(), Duration.ofSeconds(5), null);
        long start = System.nanoTime();
        sink.write(batch());
        assertThat(requests.get()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aMalformedSecretIsAClearError() {
        assertThatThrownBy(() -> new WebhookSink("http://127.0.0.1:1/hook", Duration.ofSeconds(1), "whsec_not base64!"))
                .hasMessageContaining("is not base64");
    }
}
