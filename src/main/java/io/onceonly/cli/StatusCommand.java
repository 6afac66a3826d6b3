package io.onceonly.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code onceonly status [NAME]}: each resource's state on every hub instance, with the error when it failed. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {
        "Show the state of sources and subscriptions on every hub instance.",
        "For each your token reaches (or one): RUNNING, PAUSED, FAILED (since when, and the error), UNASSIGNED "
                + "(another instance runs it).",
        "The table cuts long errors; -o json has them whole."})
final class StatusCommand implements Callable<Integer> {
    /** Wide enough for the gist of an error, short enough for an 120-column terminal with the other columns. */
    static final int ERROR_WIDTH = 60;

    @Mixin
    ClientOptions client;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A source or subscription; all when left out.")
    String name;

    @Override
    public Integer call() {
        ClientOptions.Output output = client.tableOrJson();
        HubClient hub = client.client();
        List<ObjectNode> statuses = name == null ? all(hub) : one(hub, name);
        if (output == ClientOptions.Output.JSON) {
            ObjectNode root = HubClient.JSON.createObjectNode();
            root.putArray("items").addAll(statuses);
            client.printJson(root);
            return 0;
        }
        if (statuses.isEmpty()) {
            client.err().println("No sources or subscriptions that your token reaches.");
            return 0;
        }
        TableFormatter table = new TableFormatter("NAME", "KIND", "INSTANCE", "STATE", "SINCE", "ERROR");
        Instant now = Instant.now();
        for (ObjectNode status : statuses) {
            List<JsonNode> instances = GetCommand.list(status.path("instances"));
            if (instances.isEmpty()) {
                table.row(status.path("name").asText(), status.path("kind").asText().toLowerCase(java.util.Locale.ROOT), null, "UNKNOWN", null, null);
            }
            for (JsonNode instance : instances) {
                Instant since = GetCommand.instant(instance.path("since").asText(null));
                table.row(status.path("name").asText(), status.path("kind").asText().toLowerCase(java.util.Locale.ROOT),
                        instance.path("instance").asText(), instance.path("state").asText(),
                        since == null ? null : TableFormatter.age(since, now),
                        TableFormatter.truncate(instance.path("error").asText(null), ERROR_WIDTH));
            }
        }
        client.out().print(table.format());
        client.out().flush();
        return 0;
    }

    private static List<ObjectNode> all(HubClient hub) {
        List<ObjectNode> statuses = new ArrayList<>();
        for (ResourceKind kind : ResourceKind.values()) {
            for (JsonNode item : hub.get(kind.path()).path("items")) {
                statuses.add(status(kind, hub.get(kind.path(item.path("name").asText()) + "/status")));
            }
        }
        return statuses;
    }

    /** Names are unique per kind only, so both kinds are asked; refused only when neither answers. */
    private static List<ObjectNode> one(HubClient hub, String name) {
        List<ObjectNode> statuses = new ArrayList<>();
        HubAnswer refusal = null;
        for (ResourceKind kind : ResourceKind.values()) {
            HubAnswer answer = hub.send("GET", kind.path(name) + "/status", null);
            if (answer.ok() && answer.body() != null) {
                statuses.add(status(kind, answer.body()));
            } else if (answer.status() != 404 || refusal == null) {
                refusal = answer;
            }
        }
        if (statuses.isEmpty()) {
            if (refusal.status() == 404) {
                refusal = new HubAnswer(404, HubClient.JSON.createObjectNode().put("title", "Not found").put("detail",
                        "There is no source or subscription '" + name + "'. `onceonly get sources` and "
                                + "`onceonly get subscriptions` list them."), null);
            }
            hub.expectOk(refusal);
        }
        return statuses;
    }

    private static ObjectNode status(ResourceKind kind, JsonNode answer) {
        ObjectNode status = HubClient.JSON.createObjectNode();
        status.put("kind", kind.kind);
        status.put("name", answer.path("name").asText());
        status.set("instances", answer.path("instances"));
        return status;
    }
}
