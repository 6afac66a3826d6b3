package io.onceonly.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Fails when a class outside io.onceonly.failure decides by itself what kind a failure is. */
class FailureDecisionsTest {
    private static final Path MAIN = Path.of("src/main/java/io/onceonly");

    /** What deciding looks like in source, each with the reason it is one. */
    private static final Map<String, Pattern> DECISIONS = Map.of(
            "reads an SQLState class", Pattern.compile("getSQLState\\(\\)\\s*\\.\\s*(substring|startsWith|charAt|equals)"),
            "tells transient SQL errors apart", Pattern.compile("instanceof\\s+(java\\.sql\\.)?SQL(Transient|Recoverable|NonTransient)\\w*Exception"),
            "tells retriable Kafka errors apart", Pattern.compile("RetriableException"),
            "picks Kafka errors by type", Pattern.compile("(instanceof\\s*|catch\\s*\\([^)]*)\\b(org\\.apache\\.kafka\\.common\\.errors\\.)?"
                    + "(AuthorizationException|AuthenticationException|RecordTooLargeException|ProducerFencedException"
                    + "|OutOfOrderSequenceException|InvalidTopicException)"),
            "picks network errors by type", Pattern.compile("instanceof\\s+(java\\.net\\.)?(http\\.)?(ConnectException|SocketException"
                    + "|SocketTimeoutException|HttpTimeoutException|HttpConnectTimeoutException|UnknownHostException)"),
            "sorts HTTP statuses into classes", Pattern.compile("status\\s*>=\\s*500|status\\s*/\\s*100\\s*==\\s*[45]"),
            "classifies by message text", Pattern.compile("getMessage\\(\\)\\s*\\.\\s*(contains|startsWith|endsWith|matches)\\("));

    /**
     * Classes that name failures to tell a person which one it was, and decide nothing by it: the CLI says whether the
     * hub timed out or refused the connection, and has no retry.
     */
    private static final List<String> DESCRIBE_ONLY = List.of("cli/HubClient.java");

    @Test
    void noClassOutsideTheFailurePackageDecidesWhatKindAFailureIs() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = MAIN.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("failure/") || DESCRIBE_ONLY.contains(relative)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.trim().startsWith("import ") || line.trim().startsWith("*") || line.trim().startsWith("//")) {
                        continue;
                    }
                    for (Map.Entry<String, Pattern> decision : DECISIONS.entrySet()) {
                        if (decision.getValue().matcher(line).find()) {
                            found.add(relative + ":" + (i + 1) + " " + decision.getKey() + ": " + line.trim());
                        }
                    }
                }
            }
        }
        assertThat(found).as("decide in io.onceonly.failure.FailureClassifier and ask it here").isEmpty();
    }

    @Test
    void theScanSeesADecisionWhenThereIsOne() {
        assertThat(DECISIONS.get("reads an SQLState class").matcher("String c = e.getSQLState().substring(0, 2);").find()).isTrue();
        assertThat(DECISIONS.get("sorts HTTP statuses into classes").matcher("if (status / 100 == 4 && status != 408)").find()).isTrue();
        assertThat(DECISIONS.get("picks Kafka errors by type").matcher("} catch (InvalidOffsetException | AuthorizationException e) {")
                .find()).isTrue();
        assertThat(DECISIONS.get("classifies by message text").matcher("e.getMessage().contains(\"code list\")").find()).isTrue();
    }
}
