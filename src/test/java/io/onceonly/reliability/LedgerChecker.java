package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;

/**
 * Holds every sink against the ledger. Must be zero: keys missing or behind at a sink, versions a sink holds that no
 * one was told were accepted, a key going back to an older version, rows doubled, fields a subscriber was not
 * granted, valid records rejected, bad records not rejected. Counted and reported only: the same write on the schema
 * topic more than once (Kafka-level duplicates) and webhook redeliveries of an event id (dropped by the receiver).
 */
final class LedgerChecker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Scenario scenario;

    LedgerChecker(Scenario scenario) {
        this.scenario = scenario;
    }

    boolean converged() {
        Map<String, Integer> expected = scenario.ledger.latest();
        return !expected.isEmpty() && behind(expected, scenario.pgWatcher.versions()) == 0
                && behind(expected, scenario.mariaWatcher.versions()) == 0
                && behind(expected, scenario.webhook.versions()) == 0;
    }

    private static int behind(Map<String, Integer> expected, Map<String, Integer> sink) {
        int n = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            if (sink.getOrDefault(e.getKey(), -1) < e.getValue()) {
                n++;
            }
        }
        return n;
    }

    private static int ahead(Map<String, Integer> expected, Map<String, Integer> sink) {
        int n = 0;
        for (Map.Entry<String, Integer> e : sink.entrySet()) {
            if (e.getValue() > expected.getOrDefault(e.getKey(), 0)) {
                n++;
            }
        }
        return n;
    }

    /** The figures of one run. */
    record Report(String run, int acknowledgedWrites, int keys, int faults, Map<String, Integer> missing,
                  Map<String, Integer> unacknowledged, Map<String, Integer> regressions, Map<String, Integer> duplicateRows,
                  Map<String, Set<String>> leaked, int validRejected, int badSent, int badNotRejected,
                  int kafkaRecords, int kafkaDuplicates, int webhookRedeliveries, int pushRetries, int deadLetters,
                  long seed) {

        int totalMissing() {
            return missing.values().stream().mapToInt(Integer::intValue).sum();
        }

        String summary() {
            return String.format("%s (seed %d): %d acknowledged writes over %d keys, %d faults injected; missing %s, "
                            + "unacknowledged at sink %s, regressions %s, duplicate rows %s, leaked fields %s, "
                            + "valid rejected %d, bad sent %d / not rejected %d, dead letters %d; Kafka records %d, "
                            + "Kafka-level duplicates %d, webhook redeliveries (dropped by id) %d, push retries %d",
                    run, seed, acknowledgedWrites, keys, faults, missing, unacknowledged, regressions, duplicateRows,
                    leaked, validRejected, badSent, badNotRejected, deadLetters, kafkaRecords, kafkaDuplicates,
                    webhookRedeliveries, pushRetries);
        }

        /** Prints the figures, appends them to target/reliability-report.txt, and fails on anything that must be zero. */
        void assertClean() {
            String line = summary();
            appendToReport("RELIABILITY " + line);
            assertThat(acknowledgedWrites).as("the run wrote something").isPositive();
            assertThat(missing.values()).as("missing or behind, per sink: " + line).allMatch(n -> n == 0);
            assertThat(unacknowledged.values()).as("versions no one acknowledged: " + line).allMatch(n -> n == 0);
            assertThat(regressions.values()).as("version regressions: " + line).allMatch(n -> n == 0);
            assertThat(duplicateRows.values()).as("doubled rows: " + line).allMatch(n -> n == 0);
            assertThat(leaked.values()).as("fields not granted: " + line).allMatch(Set::isEmpty);
            assertThat(validRejected).as("valid records rejected: " + line).isZero();
            assertThat(badNotRejected).as("bad records not rejected: " + line).isZero();
            // The load sends subscribers only valid records: a dead letter is a good record given up on.
            assertThat(deadLetters).as("dead letters of good records: " + line).isZero();
        }
    }

    /** Prints a line of figures and appends it to target/reliability-report.txt. */
    static void appendToReport(String line) {
        System.out.println(line);
        try {
            Files.writeString(Path.of("target", "reliability-report.txt"), line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the figures are on stdout too
        }
    }

    Report report() {
        return report(scenario.run);
    }

    Report report(String run) {
        Ledger ledger = scenario.ledger;
        Map<String, Integer> expected = ledger.latest();
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, Integer> unacknowledged = new LinkedHashMap<>();
        Map<String, Integer> regressions = new LinkedHashMap<>();
        Map<String, Integer> duplicateRows = new LinkedHashMap<>();
        Map<String, Set<String>> leaked = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> sinks = new LinkedHashMap<>();
        sinks.put("postgresql", scenario.pgWatcher.versions());
        sinks.put("mariadb", scenario.mariaWatcher.versions());
        sinks.put("webhook", scenario.webhook.versions());
        sinks.forEach((name, versions) -> {
            missing.put(name, behind(expected, versions));
            unacknowledged.put(name, ahead(expected, versions));
        });
        regressions.put("postgresql", scenario.pgWatcher.regressions());
        regressions.put("mariadb", scenario.mariaWatcher.regressions());
        regressions.put("webhook", scenario.webhook.regressions());
        duplicateRows.put("postgresql", scenario.pgWatcher.duplicateRows());
        duplicateRows.put("mariadb", scenario.mariaWatcher.duplicateRows());
        leaked.put("postgresql", scenario.pgWatcher.leakedColumns());
        leaked.put("mariadb", scenario.mariaWatcher.leakedColumns());
        leaked.put("webhook", scenario.webhook.leakedFields() == 0 ? Set.of() : Set.of(scenario.webhook.leakedFields() + " field(s)"));

        // Kafka: each write (title) once is the aim; more is a Kafka-level duplicate, reported only.
        Map<String, Integer> perTitle = new HashMap<>();
        int[] records = {0};
        TopicReader.readToEnd(scenario.bootstrap(), scenario.prefix + ".cultural-activity.v1", r -> {
            if (r.value() == null) {
                return;
            }
            records[0]++;
            try {
                perTitle.merge(JSON.readTree(r.value()).path("title").asText(), 1, Integer::sum);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        int kafkaDuplicates = perTitle.values().stream().mapToInt(n -> n - 1).sum();

        // Pulled rows are answered through the rejects topic; pushed ones in the push answer (already in the ledger).
        Set<String> rejectedPull = new HashSet<>();
        TopicReader.readToEnd(scenario.bootstrap(), scenario.prefix + ".rejects", r -> {
            try {
                JsonNode reject = JSON.readTree(r.value());
                String source = reject.path("source").asText();
                if (Set.of(Scenario.PULL_SOURCE, Scenario.MARIADB_PULL_SOURCE, Scenario.FILE_SOURCE).contains(source)) {
                    rejectedPull.add(reject.path("sourceRecord").asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        int[] deadLetters = {0};
        TopicReader.readToEnd(scenario.bootstrap(), new Topics(scenario.prefix).deadLetters(), r -> {
            if (r.value() != null) {
                deadLetters[0]++;
            }
        });
        Set<String> badSent = ledger.badSent();
        int badNotRejected = 0;
        for (String bad : badSent) {
            boolean pulled = bad.contains(":");
            if (pulled ? !rejectedPull.contains(bad) : !ledger.badRejected().contains(bad)) {
                badNotRejected++;
            }
        }
        int validRejected = ledger.validRejected().size();
        for (String id : rejectedPull) {
            if (!badSent.contains(id)) {
                validRejected++;
            }
        }
        return new Report(run, ledger.acknowledgedWrites(), expected.size(), scenario.faults, missing, unacknowledged,
                regressions, duplicateRows, leaked, validRejected, badSent.size(), badNotRejected, records[0],
                kafkaDuplicates, scenario.webhook.redeliveries(),
                scenario.generator == null ? 0 : scenario.generator.pushRetries.get(), deadLetters[0], scenario.seed.value());
    }
}
