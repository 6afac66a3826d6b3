package io.onceonly.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

class RedactedExceptionTest {
    private static final String ID = "110101199003077774";
    private static final String NAME = "欧阳建国";

    /** An error as PostgreSQL sends it: fields by one-letter code, each ended by a zero byte. */
    private static PSQLException postgres(String sqlState, String message, String detail, String table, String constraint) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0M" + message + "\0D" + detail
                + "\0sservice\0t" + table + "\0n" + constraint + "\0"));
    }

    @Test
    void aUniqueViolationIsDescribedByItsSqlStateTableAndConstraintNotTheKeyInItsDetail() {
        PSQLException duplicate = postgres("23505", "duplicate key value violates unique constraint \"resident_pkey\"",
                "Key (id_number)=(" + ID + ") already exists.", "resident", "resident_pkey");

        assertThat(RedactedException.describe(duplicate))
                .isEqualTo("PSQLException SQLState 23505 (a constraint refused the row), table resident, constraint resident_pkey")
                .doesNotContain(ID);
    }

    @Test
    void aBatchEntryWithItsParametersIsReducedToTheDatabasesErrorKind() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO resident (id_number, name) VALUES (('"
                + ID + "'), ('" + NAME + "')) was aborted: ERROR: value too long for type character varying(2)", "22001", 0, new int[0]);
        batch.setNextException(postgres("22001", "value too long for type character varying(2)", "", "", ""));

        assertThat(RedactedException.describe(batch))
                .isEqualTo("PSQLException SQLState 22001 (a value does not fit the column's type or size)")
                .doesNotContain(ID, NAME);
    }

    @Test
    void parsersQuotingTheirInputAreNamedByClassAndPlaceOnly() throws Exception {
        Throwable number = catchThrowable(() -> Long.parseLong(ID + "X"));
        Throwable json = catchThrowable(() -> new ObjectMapper().readTree("{\"name\": " + NAME + "}"));

        assertThat(RedactedException.describe(number)).startsWith("NumberFormatException at ").doesNotContain(ID);
        assertThat(RedactedException.describe(json)).startsWith("JsonParseException at ").doesNotContain(NAME);
    }

    @Test
    void systemMessagesOfTheJdkKafkaAndTheHubItselfAreKept() {
        Throwable missing = catchThrowable(() -> Files.readString(Path.of("/nonexistent/onceonly/manifest.json")));
        Throwable kafka = new org.apache.kafka.common.errors.TimeoutException("Timeout expired while fetching topic metadata");
        Throwable config = ConfigurationException.of(new Problem("onceonly.delivery.batch-size", "is 'many'", null,
                "Use a number."));

        assertThat(RedactedException.describe(missing)).isEqualTo("NoSuchFileException: /nonexistent/onceonly/manifest.json");
        assertThat(RedactedException.describe(kafka)).isEqualTo("TimeoutException: Timeout expired while fetching topic metadata");
        assertThat(RedactedException.describe(config)).contains("batch-size is 'many'");
    }

    @Test
    void theExceptionSaysWhatFailedAndWhatHappensNextAndCarriesNoCause() {
        IllegalStateException failure = new IllegalStateException("row " + ID + " is odd", postgres("23505", "dup", "Key (id)=(" + ID + ")", "t", "k"));

        RedactedException redacted = RedactedException.of("Subscription s could not deliver 1 record(s) from t/0@7", failure,
                "The batch is tried again.");

        assertThat(redacted.getMessage()).isEqualTo("Subscription s could not deliver 1 record(s) from t/0@7: IllegalStateException at "
                + "RedactedExceptionTest.java:" + failure.getStackTrace()[0].getLineNumber() + "; caused by PSQLException "
                + "SQLState 23505 (a constraint refused the row), table t, constraint k. The batch is tried again.");
        assertThat(redacted.getCause()).isNull();
        assertThat(redacted.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(RedactedException.of("again", redacted, "")).isSameAs(redacted);
    }
}
