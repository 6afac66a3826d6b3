package io.onceonly.api;

import static io.onceonly.api.ApiTestServer.CULTURE_BUREAU;
import static io.onceonly.api.ApiTestServer.OPERATOR;
import static io.onceonly.api.ApiTestServer.TOWNSHIP_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.delivery.DeadLetters;
import io.onceonly.delivery.DeliveryRecord;

class SubscriptionHandlersTest {
    /** One subscription with one dead letter; the replay takes it or fails as a test says. */
    static final class FakeSubscriptions extends ApiTestServer.FakeRegistry implements SubscriptionOperations {
        List<DeadLetters.DeadLetter> letters;
        Exception replayFailure;

        @Override
        public List<DeadLetters.DeadLetter> deadLetters(String subscription) {
            return letters;
        }

        @Override
        public int replayDeadLetters(String subscription) throws Exception {
            if (replayFailure != null) {
                throw replayFailure;
            }
            int taken = letters.size();
            letters = List.of();
            return taken;
        }
    }

    static final FakeSubscriptions HUB = new FakeSubscriptions();
    static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(new SubscriptionHandlers(HUB));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void oneDeadLetter() {
        HUB.entries = ApiTestServer.registry(ApiTestServer.subscription("culture-bureau.activities", "culture-bureau"));
        DeliveryRecord record = new DeliveryRecord("onceonly.cultural-activity.v1", 0, 42, "A-1", null,
                new ObjectMapper().createObjectNode().put("activity_id", "A-1"));
        HUB.letters = List.of(new DeadLetters.DeadLetter("d-1", "culture-bureau.activities", "HTTP 400 from the subscriber",
                "2024-03-05T10:00:00Z", record));
        HUB.replayFailure = null;
    }

    @Test
    void theDeadLettersShowWhereEachRecordIsAndWhy() {
        ApiTestServer.Answer letters = api.get("/api/v1/subscriptions/culture-bureau.activities/dead-letters", CULTURE_BUREAU);
        assertThat(letters.status()).isEqualTo(200);
        var item = letters.json().path("items").get(0);
        assertThat(item.path("position").asText()).isEqualTo("onceonly.cultural-activity.v1/0@42");
        assertThat(item.path("reason").asText()).isEqualTo("HTTP 400 from the subscriber");
        assertThat(item.path("data").path("activity_id").asText()).isEqualTo("A-1");
    }

    @Test
    void anotherDepartmentOrNoTokenReachesNoDeadLetters() {
        assertThat(api.get("/api/v1/subscriptions/culture-bureau.activities/dead-letters", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/subscriptions/culture-bureau.activities/dead-letters", TOWNSHIP_A).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/subscriptions/culture-bureau.activities/dead-letters/replay", TOWNSHIP_A, "").status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/subscriptions/nobody.nothing/dead-letters", OPERATOR).status()).isEqualTo(404);
    }

    @Test
    void aReplaySaysHowManyWereTakenAndHowManyStillRefused() {
        ApiTestServer.Answer replay = api.post("/api/v1/subscriptions/culture-bureau.activities/dead-letters/replay", OPERATOR, "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("replayed").asInt()).isEqualTo(1);
        assertThat(replay.json().path("stillRefused").asInt()).isZero();
    }

    @Test
    void aReplayThatCannotRunIsUnavailableAndLosesNothing() {
        HUB.replayFailure = new IllegalStateException("Subscription culture-bureau.activities is PAUSED on this instance");
        ApiTestServer.Answer refused = api.post("/api/v1/subscriptions/culture-bureau.activities/dead-letters/replay",
                CULTURE_BUREAU, "");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("title").asText()).isEqualTo("Replay failed");
        assertThat(refused.json().path("detail").asText()).endsWith("Nothing was lost; try again when the subscriber is up.");
    }
}
