package io.onceonly.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.camel.CamelExecutionException;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;
import io.onceonly.delivery.PermanentDeliveryException;
import io.onceonly.delivery.SubscriberUnavailableException;
import io.onceonly.kafka.LostPositionException;
import io.onceonly.normalize.InvalidValueException;
import io.onceonly.normalize.UnknownCodeException;
import io.onceonly.registry.UnknownResourceException;
import io.onceonly.schema.SchemaCatalogException;
import io.onceonly.source.SourceReadException;

class FailureClassifierTest {
    private static final TopicPartition PARTITION = new TopicPartition("onceonly.cultural-activity.v1", 0);

    /** An error as PostgreSQL sends it: fields by one-letter code, each ended by a zero byte. */
    private static PSQLException postgres(String sqlState, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0M" + message + "\0"));
    }

    /** Each failure classified as {@code kind}; the failure's own description says which one was not. */
    private static void assertKind(FailureKind kind, Throwable... failures) {
        for (Throwable failure : failures) {
            assertThat(FailureClassifier.classify(failure)).as("%s", failure).isEqualTo(kind);
        }
    }

    @Test
    void aValueThatDoesNotFitOrAViolatedConstraintRefusesTheRecord() {
        assertKind(FailureKind.REFUSED,
                postgres("22001", "value too long for type character varying(20)"),
                postgres("23505", "duplicate key value violates unique constraint"),
                new SQLException("Data truncation: Data too long for column 'title'", "22001", 1406));
    }

    @Test
    void aLostConnectionADeadlockOrAShutdownIsRetried() {
        assertKind(FailureKind.UNAVAILABLE,
                postgres("08006", "connection failure"),
                postgres("40P01", "deadlock detected"),
                postgres("57P01", "terminating connection due to administrator command"),
                postgres("53300", "too many connections"),
                postgres("25006", "cannot execute INSERT in a read-only transaction"),
                new SQLTransientConnectionException("All 8 connections are in use"),
                new SQLNonTransientConnectionException("Socket fail to connect", "08000"),
                // A class not known here is retried, never taken as the record's fault.
                postgres("XX000", "internal error"));
    }

    @Test
    void aMissingTableOrARefusedLoginIsConfiguration() {
        assertKind(FailureKind.CONFIGURATION,
                postgres("42P01", "relation \"activity\" does not exist"),
                postgres("28P01", "password authentication failed"),
                postgres("3D000", "database \"culture\" does not exist"));
    }

    @Test
    void aBatchFailureIsJudgedByTheDatabasesStateNotByTheDriversWrapper() {
        assertKind(FailureKind.REFUSED,
                new BatchUpdateException("Batch entry 0 INSERT INTO activity ... was aborted", "22001", new int[0],
                        postgres("22001", "value too long")),
                // An I/O wrapper says less than the database's state inside it.
                new IOException("write failed", postgres("23505", "duplicate key")));
    }

    @Test
    void networkFailuresAreRetried() {
        assertKind(FailureKind.UNAVAILABLE,
                new ConnectException("Connection refused"),
                new HttpTimeoutException("request timed out"),
                new HttpConnectTimeoutException("HTTP connect timed out"),
                new UnknownHostException("receiver.example.gov"),
                new IOException("stream closed"),
                new UncheckedIOException(new IOException("broken pipe")));
    }

    @Test
    void kafkaFailuresAreSortedByWhatCuresThem() {
        assertKind(FailureKind.UNAVAILABLE,
                new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn"),
                new NotEnoughReplicasException("in-sync replicas: 1 of 2"),
                new ProducerFencedException("there is a newer producer with the same transactionalId"),
                new OutOfOrderSequenceException("the broker received an out of order sequence"),
                // A plain KafkaException is judged by its cause.
                new KafkaException("send failed", new TimeoutException("metadata")));
        assertKind(FailureKind.REFUSED, new RecordTooLargeException("the message is 2097152 bytes"));
        assertKind(FailureKind.CONFIGURATION,
                new TopicAuthorizationException(java.util.Set.of("onceonly.rejects")),
                new SaslAuthenticationException("Authentication failed: invalid credentials"),
                new InvalidTopicException("topic name is not valid"),
                new OffsetOutOfRangeException(Map.of(PARTITION, 42L)),
                new NoOffsetForPartitionException(PARTITION));
    }

    @Test
    void theHubsOwnExceptionsSayTheirKind() {
        assertKind(FailureKind.REFUSED,
                new PermanentDeliveryException("Webhook refused the records with HTTP 400"),
                new InvalidValueException("'2024-13-45' is not a date"),
                new UnknownCodeException("'9' is not in the code list [1, 2]"),
                new UnknownResourceException("There is no subscription 'x.y'."));
        assertKind(FailureKind.UNAVAILABLE,
                new SubscriberUnavailableException("Webhook answered HTTP 503"),
                new SourceReadException("Source x: GET ... had no answer within 30 s"));
        assertKind(FailureKind.CONFIGURATION,
                ConfigurationException.of(Problem.missing("spec.sink.url", "")),
                new SchemaCatalogException("Schema file cannot be read", List.of(Problem.missing("x", ""))),
                new LostPositionException("Consumer group g lost its position"));
    }

    @Test
    void theOutermostTypeThatSaysAKindWinsOverWhatItWraps() {
        assertKind(FailureKind.REFUSED, new PermanentDeliveryException("Topic refused a record",
                new SQLTransientConnectionException("pool exhausted")));
        assertKind(FailureKind.UNAVAILABLE, new CamelExecutionException("route failed", null,
                new ExecutionException(new ConnectException("Connection refused"))));
        assertKind(FailureKind.CONFIGURATION, new IllegalStateException("cannot be written",
                new TopicAuthorizationException("no WRITE on onceonly.rejects")));
    }

    @Test
    void whatNoTypeExplainsIsTheHubsOwnBug() {
        assertKind(FailureKind.BUG, new NullPointerException(), new IllegalArgumentException("negative size"));
        // A state that does not allow the call now is tried again.
        assertKind(FailureKind.UNAVAILABLE, new IllegalStateException("producer is closed"));
    }

    @Test
    void anHttpAnswerRefusesTheRecordsOnlyWhenItSaysTheyAreTheProblem() {
        assertThat(List.of(400, 404, 409, 413, 422).stream().map(FailureClassifier::ofHttpStatus))
                .containsOnly(FailureKind.REFUSED);
        assertThat(List.of(408, 429, 500, 502, 503, 504).stream().map(FailureClassifier::ofHttpStatus))
                .containsOnly(FailureKind.UNAVAILABLE);
        assertThat(List.of(301, 302, 307, 401, 403).stream().map(FailureClassifier::ofHttpStatus))
                .containsOnly(FailureKind.CONFIGURATION);
    }

    @Test
    void aProducerIsReplacedWhenAnAbortCannotSaveIt() {
        assertThat(FailureClassifier.producerMustBeReplaced(new ProducerFencedException("newer producer"))).isTrue();
        assertThat(FailureClassifier.producerMustBeReplaced(new TimeoutException("EndTxn"))).isTrue();
        assertThat(FailureClassifier.producerMustBeReplaced(new IllegalStateException("TransactionalId: Invalid transition"))).isTrue();
        assertThat(FailureClassifier.producerMustBeReplaced(new RecordTooLargeException("2 MiB"))).isFalse();
    }

    @Test
    void theApiAnswersEachKindWithItsOwnStatus() {
        assertThat(HttpProblem.of(FailureKind.REFUSED)).isEqualTo(new HttpProblem(404, "Not found"));
        assertThat(HttpProblem.of(FailureKind.UNAVAILABLE)).isEqualTo(new HttpProblem(503, "Not done"));
        assertThat(HttpProblem.of(FailureKind.CONFIGURATION).status()).isEqualTo(409);
        assertThat(HttpProblem.of(FailureKind.BUG).status()).isEqualTo(500);
    }

    @Test
    void anSqlStateClassIsDescribedInWords() {
        assertThat(SqlStates.meaning("23505")).isEqualTo("a constraint refused the row");
        assertThat(SqlStates.meaning("25006")).isEqualTo("the database accepts only reads (read-only)");
        assertThat(SqlStates.meaning("XX000")).isNull();
    }
}
