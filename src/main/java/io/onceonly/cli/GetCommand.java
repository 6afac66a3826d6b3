package io.onceonly.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code onceonly get sources|subscriptions [NAME]}: what the hub holds, with its state and who changed it. */
@Command(name = "get", mixinStandardHelpOptions = true, description = {
        "List sources or subscriptions, or show one.",
        "Shows those your token reaches: department, connector type, schema, state on the hub that answers, whether "
                + "paused, who changed it last and how long ago (AGE).",
        "-o json prints the API's answer; -o yaml prints the resources as documents you can edit and apply again."})
final class GetCommand implements Callable<Integer> {
    /** Quotes only where YAML needs them, and always around digits, so "320115101000" stays a string. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "KIND", converter = ResourceKind.Converter.class,
            description = "sources or subscriptions (source and subscription work too).")
    ResourceKind kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "One resource; all when left out.")
    String name;

    @Override
    public Integer call() throws JsonProcessingException {
        HubClient hub = client.client();
        JsonNode answer = hub.get(name == null ? kind.path() : kind.path(name));
        List<JsonNode> items = name == null ? list(answer.path("items")) : List.of(answer);
        switch (client.output) {
            case JSON -> client.printJson(answer);
            case YAML -> items.forEach(item -> {
                try {
                    client.out().print(YAML.writeValueAsString(item.path("resource")));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("A resource cannot be printed as YAML", e);
                }
            });
            case TABLE -> {
                if (items.isEmpty()) {
                    client.err().println("No " + kind.plural + " that your token reaches.");
                    break;
                }
                TableFormatter table = new TableFormatter("NAME", "DEPARTMENT", "TYPE", "SCHEMA", "STATE", "PAUSED",
                        "CHANGED-BY", "AGE");
                Instant now = Instant.now();
                String end = kind == ResourceKind.SOURCE ? "from" : "to";
                for (JsonNode item : items) {
                    JsonNode spec = item.path("resource").path("spec");
                    table.row(item.path("name").asText(), item.path("department").asText(),
                            spec.path(end).path("type").asText(), spec.path("schema").asText(),
                            item.path("state").path("state").asText(), item.path("paused").asBoolean() ? "yes" : "no",
                            item.path("changedBy").asText(), TableFormatter.age(instant(item.path("changedAt").asText(null)), now));
                }
                client.out().print(table.format());
            }
        }
        client.out().flush();
        return 0;
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** An ISO instant from the API, or null when it is missing or not one. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
