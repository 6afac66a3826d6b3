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

    @Test
    void aValueThatDoesNotFitOrAViolatedConstraintRefusesTheRecord() {
        assertThat(FailureClassifier.classify(postgres("22001", "value too long for type character varying(20)")))
                .isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(postgres("23505", "duplicate key value violates unique constraint")))
                .isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new SQLException("Data truncation", "22001", 1406)))
                .as("MariaDB's data too long").isEqualTo(FailureKind.REFUSED);
    }

    @Test
    void aLostConnectionADeadlockOrAShutdownIsRetried() {
        assertThat(FailureClassifier.classify(postgres("08006", "connection failure"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(postgres("40P01", "deadlock detected"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(postgres("57P01", "terminating connection due to administrator command")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(postgres("53300", "too many connections"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(postgres("25006", "cannot execute INSERT in a read-only transaction")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new SQLTransientConnectionException("All 8 connections are in use")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new SQLNonTransientConnectionException("Socket fail to connect", "08000")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(postgres("XX000", "internal error")))
                .as("a class not known here is retried, never taken as the record's fault").isEqualTo(FailureKind.UNAVAILABLE);
    }

    @Test
    void aMissingTableOrARefusedLoginIsConfiguration() {
        assertThat(FailureClassifier.classify(postgres("42P01", "relation \"activity\" does not exist")))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(postgres("28P01", "password authentication failed")))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(postgres("3D000", "database \"culture\" does not exist")))
                .isEqualTo(FailureKind.CONFIGURATION);
    }

    @Test
    void aBatchFailureIsJudgedByTheDatabasesStateNotByTheDriversWrapper() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO activity ... was aborted",
                "22001", new int[0], postgres("22001", "value too long"));
        assertThat(FailureClassifier.classify(batch)).isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new IOException("write failed", postgres("23505", "duplicate key"))))
                .as("an I/O wrapper says less than the database's state inside it").isEqualTo(FailureKind.REFUSED);
    }

    @Test
    void networkFailuresAreRetried() {
        assertThat(FailureClassifier.classify(new ConnectException("Connection refused"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new HttpTimeoutException("request timed out"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new UnknownHostException("receiver.example.gov")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new IOException("stream closed"))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new UncheckedIOException(new IOException("broken pipe"))))
                .isEqualTo(FailureKind.UNAVAILABLE);
    }

    @Test
    void kafkaFailuresAreSortedByWhatCuresThem() {
        assertThat(FailureClassifier.classify(new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new NotEnoughReplicasException("in-sync replicas: 1 of 2")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new ProducerFencedException("there is a newer producer with the same transactionalId")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new OutOfOrderSequenceException("the broker received an out of order sequence")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new RecordTooLargeException("the message is 2097152 bytes")))
                .isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new TopicAuthorizationException(java.util.Set.of("onceonly.rejects"))))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new SaslAuthenticationException("Authentication failed: invalid credentials")))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new InvalidTopicException("topic name is not valid")))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new OffsetOutOfRangeException(Map.of(PARTITION, 42L))))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new NoOffsetForPartitionException(PARTITION)))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new KafkaException("send failed", new TimeoutException("metadata"))))
                .as("a plain KafkaException is judged by its cause").isEqualTo(FailureKind.UNAVAILABLE);
    }

    @Test
    void theHubsOwnExceptionsSayTheirKind() {
        assertThat(FailureClassifier.classify(new PermanentDeliveryException("Webhook refused the records with HTTP 400")))
                .isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new InvalidValueException("'2024-13-45' is not a date"))).isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new UnknownCodeException("'9' is not in the code list [1, 2]")))
                .isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new UnknownResourceException("There is no subscription 'x.y'.")))
                .isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new SubscriberUnavailableException("Webhook answered HTTP 503")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new SourceReadException("Source x: GET ... had no answer within 30 s")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new ConfigurationException("spec.sink.url is missing.")))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new SchemaCatalogException("Schema file cannot be read", List.of("x"))))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.classify(new LostPositionException("Consumer group g lost its position")))
                .isEqualTo(FailureKind.CONFIGURATION);
    }

    @Test
    void theOutermostTypeThatSaysAKindWinsOverWhatItWraps() {
        PermanentDeliveryException refused = new PermanentDeliveryException("Topic refused a record",
                new SQLTransientConnectionException("pool exhausted"));
        assertThat(FailureClassifier.classify(refused)).isEqualTo(FailureKind.REFUSED);
        assertThat(FailureClassifier.classify(new CamelExecutionException("route failed", null,
                new ExecutionException(new ConnectException("Connection refused"))))).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(FailureClassifier.classify(new IllegalStateException("cannot be written",
                new TopicAuthorizationException("no WRITE on onceonly.rejects")))).isEqualTo(FailureKind.CONFIGURATION);
    }

    @Test
    void whatNoTypeExplainsIsTheHubsOwnBug() {
        assertThat(FailureClassifier.classify(new NullPointerException())).isEqualTo(FailureKind.BUG);
        assertThat(FailureClassifier.classify(new IllegalArgumentException("negative size"))).isEqualTo(FailureKind.BUG);
        assertThat(FailureClassifier.classify(new IllegalStateException("producer is closed")))
                .as("a state that does not allow the call now is tried again").isEqualTo(FailureKind.UNAVAILABLE);
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
