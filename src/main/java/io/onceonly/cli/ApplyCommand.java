package io.onceonly.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;
import io.onceonly.config.HubSettings;
import io.onceonly.hub.CatalogLoader;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.schema.SchemaCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code onceonly apply -f FILE}: puts each resource of YAML files to the hub, kubectl-style. */
@Command(name = "apply", mixinStandardHelpOptions = true, description = {
        "Create or change sources and subscriptions from YAML files.",
        "Sends one resource at a time and prints what became of each: created, configured or unchanged.",
        "Applies every resource it can, then exits 1 if any was refused, listing each with all its problems."})
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    OnceOnlyCommand.ConfigOptions config = new OnceOnlyCommand.ConfigOptions();

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "A YAML file (several resources separated by ---), a folder (its *.yaml files), or - for "
                    + "standard input. May be given more than once.")
    List<String> files;

    @Option(names = "--dry-run", description = "Check the resources offline against this checkout's schemas/ and "
            + "routes/ (as `onceonly validate` does) and send nothing.")
    boolean dryRun;

    /** What became of one resource: created, configured, unchanged, valid, or failed with its problems. */
    record Outcome(ResourceDocument doc, String resource, String result, int status, String title, List<String> problems) {
        boolean failed() {
            return result.equals("failed");
        }
    }

    @Override
    public Integer call() {
        ClientOptions.Output output = client.tableOrJson();
        List<ResourceDocument> docs = read();
        List<Outcome> outcomes = new ArrayList<>();
        if (dryRun) {
            outcomes.addAll(check(docs));
            if (output == ClientOptions.Output.TABLE) {
                outcomes.forEach(o -> client.out().println(o.resource() + " " + (o.failed() ? "failed" : o.result()) + " (dry run)"));
            }
        } else {
            HubClient hub = client.client();
            for (ResourceDocument doc : docs) {
                Outcome outcome = apply(hub, doc);
                outcomes.add(outcome);
                if (output == ClientOptions.Output.TABLE) {
                    client.out().println(outcome.resource() + " " + outcome.result());
                    client.out().flush();
                }
            }
        }
        if (output == ClientOptions.Output.JSON) {
            client.printJson(json(outcomes));
        }
        List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
        if (failed.isEmpty()) {
            return 0;
        }
        client.err().println(failed.size() + " of " + outcomes.size() + " resource(s) " + (dryRun ? "would be refused" : "not applied") + ":");
        for (Outcome o : failed) {
            client.err().println(o.resource() + " in " + o.doc().where() + ": "
                    + (o.status() > 0 ? o.status() + " " : "") + o.title());
            o.problems().forEach(p -> client.err().println("  - " + p));
        }
        client.err().flush();
        return 1;
    }

    /** Every document of every input; unreadable input is reported whole and nothing is sent. */
    private List<ResourceDocument> read() {
        List<Problem> problems = new ArrayList<>();
        List<ResourceDocument> docs = new ArrayList<>();
        for (String name : files) {
            if (name.equals("-")) {
                try {
                    docs.addAll(parse("stdin", client.environment().stdin().readAllBytes(), problems));
                } catch (IOException e) {
                    problems.add(unreadable("stdin", e));
                }
                continue;
            }
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                List<Path> yaml = yamlFiles(path);
                if (yaml.isEmpty()) {
                    problems.add(new Problem(name + ":", "the folder has no *.yaml files", null, ""));
                }
                yaml.forEach(f -> docs.addAll(parse(f.toString(), bytes(f, problems), problems)));
            } else if (Files.isRegularFile(path)) {
                docs.addAll(parse(name, bytes(path, problems), problems));
            } else {
                problems.add(new Problem(name + ":", "there is no such file or folder", null, ""));
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Nothing was applied: the input has " + problems.size() + " problem(s)", problems);
        }
        if (docs.isEmpty()) {
            throw ConfigurationException.of(new Problem("Nothing was applied: " + String.join(", ", files), "hold(s) no "
                    + "resource", null, "A resource has apiVersion, kind, metadata and spec; see connectors/README.md."));
        }
        return docs;
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file, List<Problem> problems) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(unreadable(file.toString(), e));
            return new byte[0];
        }
    }

    private static Problem unreadable(String where, IOException e) {
        return new Problem(where + ":", "cannot be read: " + e.getMessage(), null, "");
    }

    private static List<ResourceDocument> parse(String where, byte[] bytes, List<Problem> problems) {
        try {
            return ResourceLoader.parse(where, bytes);
        } catch (ConfigurationException e) {
            problems.addAll(e.findings());
            return List.of();
        }
    }

    /** The same checks `onceonly validate` makes, on these documents alone. */
    private List<Outcome> check(List<ResourceDocument> docs) {
        HubSettings settings = config.settings();
        SchemaCatalog catalog = CatalogLoader.load(settings);
        RouteTemplates templates = RouteTemplates.load(settings.routesDir());
        ResourceLoader.Checked checked = ResourceLoader.checkEach(docs, catalog, templates);
        return docs.stream().map(doc -> {
            List<String> problems = checked.problems().getOrDefault(doc.key(), List.of());
            return problems.isEmpty() ? new Outcome(doc, label(doc), "valid", 0, "", List.of())
                    : new Outcome(doc, label(doc), "failed", 0, "not valid", problems.stream().map(p -> local(doc, p)).toList());
        }).toList();
    }

    /** PUTs one resource; unchanged when the hub already holds exactly this document. */
    private Outcome apply(HubClient hub, ResourceDocument doc) {
        ResourceKind kind = ResourceKind.ofDocument(doc.kind());
        if (kind == null) {
            return new Outcome(doc, label(doc), "failed", 0, "not sent", List.of("kind is '" + doc.kind()
                    + "'. Use Source or Subscription."));
        }
        if (doc.name().isBlank()) {
            return new Outcome(doc, label(doc), "failed", 0, "not sent", List.of("metadata.name is missing. Name the "
                    + "resource in lower-case letters, digits, '.' and '-', for example township-a.activities."));
        }
        JsonNode sent = asTheHubStoresIt(doc.document());
        HubAnswer current = hub.send("GET", kind.path(doc.name()), null);
        if (current.status() == 200 && current.body() != null && sent.equals(current.body().path("resource"))) {
            return new Outcome(doc, label(doc), "unchanged", 0, "", List.of());
        }
        HubAnswer put = hub.send("PUT", kind.path(doc.name()), sent);
        if (put.status() == 201 || put.status() == 200) {
            return new Outcome(doc, label(doc), put.status() == 201 ? "created" : "configured", put.status(), "", List.of());
        }
        List<String> problems = new ArrayList<>(put.problems().stream().map(p -> local(doc, p)).toList());
        String hint = hub.hint(put);
        if (hint != null) {
            problems.add(hint);
        }
        return new Outcome(doc, label(doc), "failed", put.status(), put.title(), problems);
    }

    /**
     * The document as the hub will hand it back: it is sent as JSON and parsed there, so a round trip through JSON
     * text makes numbers and strings compare as the hub's copy does.
     */
    private static JsonNode asTheHubStoresIt(ObjectNode doc) {
        try {
            return HubClient.JSON.readTree(HubClient.JSON.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A resource cannot be written as JSON", e);
        }
    }

    /** {@code source/township-a.activities}, as kubectl names what it applied. */
    private static String label(ResourceDocument doc) {
        String kind = doc.kind().isBlank() ? "resource" : doc.kind().toLowerCase(Locale.ROOT);
        return kind + "/" + (doc.name().isBlank() ? "(no name)" : doc.name());
    }

    /** A problem without the hub's "request: " or the loader's file prefix: the report names the file already. */
    private static String local(ResourceDocument doc, String problem) {
        for (String prefix : List.of("request: ", doc.where() + ": ")) {
            if (problem.startsWith(prefix)) {
                return problem.substring(prefix.length());
            }
        }
        return problem;
    }

    private static JsonNode json(List<Outcome> outcomes) {
        ObjectNode root = HubClient.JSON.createObjectNode();
        ArrayNode items = root.putArray("items");
        for (Outcome o : outcomes) {
            ObjectNode item = items.addObject();
            item.put("kind", o.doc().kind());
            item.put("name", o.doc().name());
            item.put("where", o.doc().where());
            item.put("result", o.result());
            if (o.status() > 0) {
                item.put("status", o.status());
            }
            if (o.failed()) {
                item.put("title", o.title());
                o.problems().forEach(item.putArray("problems")::add);
            }
        }
        return root;
    }
}
