package io.onceonly.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code onceonly rejects}: the latest records the hub refused to publish, and why. */
@Command(name = "rejects", mixinStandardHelpOptions = true, description = {
        "Show the latest records the hub refused to publish, and why.",
        "Newest first: when, from which source, the record's id at the source, the first reason and how many more.",
        "-o json has every reason and the raw record."})
final class RejectsCommand implements Callable<Integer> {
    static final int MAX_LIMIT = 1000;
    static final int REASON_WIDTH = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Mixin
    ClientOptions client;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source's rejects.")
    String source;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most this many, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        ClientOptions.Output output = client.tableOrJson();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CommandLine.ParameterException(client.mixee.commandLine(), "--limit is " + limit + ". Use 1 to "
                    + MAX_LIMIT + ".");
        }
        HubClient hub = client.client();
        String path = (source == null ? "/api/v1/rejects" : ResourceKind.SOURCE.path(source) + "/rejects") + "?limit=" + limit;
        JsonNode answer = hub.get(path);
        if (output == ClientOptions.Output.JSON) {
            client.printJson(answer);
            return 0;
        }
        List<JsonNode> items = GetCommand.list(answer.path("items"));
        if (items.isEmpty()) {
            client.err().println(source == null ? "No rejects from the sources your token reaches." : "No rejects from " + source + ".");
            return 0;
        }
        TableFormatter table = new TableFormatter("TIME", "SOURCE", "RECORD", "REASONS");
        for (JsonNode reject : items) {
            table.row(time(reject.path("time").asText(null)), reject.path("source").asText(),
                    reject.path("sourceRecord").asText(null), reasons(reject, REASON_WIDTH));
        }
        client.out().print(table.format());
        client.out().flush();
        return 0;
    }

    /** The first reason, cut to fit, and how many more: the table stays one line per record. */
    static String reasons(JsonNode reject, int width) {
        List<JsonNode> problems = GetCommand.list(reject.path("problems"));
        if (problems.isEmpty()) {
            return null;
        }
        String field = problems.get(0).path("field").asText("");
        String reason = problems.get(0).path("reason").asText("");
        if (!field.isEmpty() && !reason.startsWith(field + ":")) {
            reason = field + ": " + reason;
        }
        String more = problems.size() == 1 ? "" : " (+" + (problems.size() - 1) + " more)";
        return TableFormatter.truncate(reason, width - more.length()) + more;
    }

    private static String time(String iso) {
        Instant time = GetCommand.instant(iso);
        return time == null ? iso : TIME.format(time.atZone(ZoneId.systemDefault()));
    }
}
