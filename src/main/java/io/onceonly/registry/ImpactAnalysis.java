package io.onceonly.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.onceonly.config.Problem;
import io.onceonly.schema.BreakingChange;
import io.onceonly.schema.SchemaCatalogException;

/**
 * Names the registered subscriptions that a refused schema change would break: those of the changed schema
 * version that receive the changed field (a subscription without {@code fields} receives every field). Reads the
 * registrations leniently, since the catalog they would be checked against is the thing that failed.
 */
public final class ImpactAnalysis {
    private ImpactAnalysis() {
    }

    /** One subscription hit by one breaking change. */
    public record Impact(String subscription, String department, Path file, BreakingChange change) {
        public String describe() {
            return subscription + " (" + department + ", " + file.getFileName() + ") receives '"
                    + change.change().topLevelField() + "' of " + change.schema() + ": " + change.change().rule()
                    + " change";
        }
    }

    public static List<Impact> impacts(List<BreakingChange> changes, Path connectorsDir) {
        List<Impact> impacts = new ArrayList<>();
        if (changes.isEmpty() || !Files.isDirectory(connectorsDir)) {
            return impacts;
        }
        for (Subscribed s : subscriptions(connectorsDir)) {
            for (BreakingChange change : changes) {
                String field = change.change().topLevelField();
                boolean sameSchema = change.schema().toString().equals(s.schema());
                // A change to the record as a whole (empty field) or to the key reaches every subscriber.
                boolean receivesField = field.isEmpty() || s.fields().isEmpty() || s.fields().contains(field)
                        || "x-key".equals(change.change().rule());
                if (sameSchema && receivesField) {
                    impacts.add(new Impact(s.name(), s.department(), s.file(), change));
                }
            }
        }
        return impacts;
    }

    /** The catalog error with the broken subscriptions appended, so whoever changed the schema sees who relies on it. */
    public static SchemaCatalogException explain(SchemaCatalogException e, Path connectorsDir) {
        List<Impact> impacts = impacts(e.breakingChanges(), connectorsDir);
        if (impacts.isEmpty()) {
            return e;
        }
        List<Problem> problems = new ArrayList<>(e.findings());
        Set<Problem> lines = new LinkedHashSet<>();
        impacts.forEach(i -> lines.add(new Problem("impact:", "subscription " + i.describe(), null, "Agree the change "
                + "with " + i.department() + " or publish a new major version.")));
        problems.addAll(lines);
        return new SchemaCatalogException("Schema catalog has breaking changes; subscriptions in " + connectorsDir
                + " rely on what they change", problems, e.breakingChanges());
    }

    private record Subscribed(String name, String department, String schema, List<String> fields, Path file) {
    }

    private static List<Subscribed> subscriptions(Path dir) {
        List<Subscribed> found = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                try (JsonParser parser = yaml.getFactory().createParser(file.toFile());
                     MappingIterator<JsonNode> docs = yaml.readValues(parser, JsonNode.class)) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && "Subscription".equals(doc.path("kind").asText())) {
                            List<String> fields = new ArrayList<>();
                            doc.path("spec").path("fields").forEach(f -> fields.add(f.asText()));
                            found.add(new Subscribed(doc.path("metadata").path("name").asText(),
                                    doc.path("metadata").path("department").asText(),
                                    doc.path("spec").path("schema").asText(), fields, file));
                        }
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // an unreadable registration is reported by the registration check, not here
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
