package io.onceonly.source;

import io.onceonly.connector.http.HttpSourceReader;
import io.onceonly.connector.http.HttpSourceSettings;
import io.onceonly.connector.jdbc.JdbcSourceReader;
import io.onceonly.connector.file.FileIntake;
import io.onceonly.connector.camel.MessageIntake;
import io.onceonly.connector.jdbc.JdbcSourceSettings;
import java.time.Duration;
import java.util.Map;

import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/** The Java side of each source connector type: which reader a pulled type uses and whether it reads in full. */
public final class SourceConnectors {
    private SourceConnectors() {
    }

    /** A secret written into a URI: the secret-by-name rule cannot see inside free text. */
    private static final java.util.regex.Pattern SECRET_IN_URI =
            java.util.regex.Pattern.compile("(?i)(password|passphrase|secret|token)=(?!\\{\\{|RAW\\(\\{\\{)");

    /** What is wrong with a source's options, as far as can be told before placeholders are resolved. */
    public static java.util.List<String> problems(String type, Map<String, String> options) {
        if (SECRET_IN_URI.matcher(options.getOrDefault("uri", "")).find()) {
            return java.util.List.of("spec.from.uri has a secret written in clear text. Reference it instead, for "
                    + "example password={{env:FTP_PASSWORD}}, so it never lands in git or logs.");
        }
        try {
            switch (type) {
                case "jdbc" -> JdbcSourceSettings.from("", options);
                case "camel" -> {
                    return MessageIntake.problems(options);
                }
                case "file" -> {
                    return FileIntake.problems(options);
                }
                default -> {
                    // other types check their options when the hub starts them
                }
            }
            return java.util.List.of();
        } catch (io.onceonly.config.ConfigurationException e) {
            return e.problems();
        }
    }

    /**
     * The route template's parameters for a source: its options as written, and what a connector type derives from
     * them (a file source without a uri watches its dir).
     */
    public static Map<String, String> templateParameters(SourceResource source) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>(source.from());
        if (source.type().equals("file") && parameters.getOrDefault("uri", "").isEmpty()) {
            parameters.put("uri", "file:" + parameters.get("dir"));
        }
        return parameters;
    }

    /** The bean a source's route template calls: the pipeline itself, or what turns its input into records. */
    public static Object routeBean(SourcePipeline pipeline, Map<String, String> options) {
        return switch (pipeline.source().type()) {
            case "camel" -> MessageIntake.of(pipeline, options);
            case "file" -> FileIntake.of(pipeline, options);
            default -> pipeline;
        };
    }

    /** A pipeline for a registered source, its options already resolved; pushed types get no reader. */
    public static SourcePipeline pipeline(String bootstrap, Topics topics, SourceResource source, SharedSchema schema,
                                          Map<String, String> options, int batchSize, Duration publishTimeout, HubMetrics metrics,
                                          RecentRejects recentRejects, String instanceId) {
        SourceReader reader = null;
        boolean snapshots = false;
        switch (source.type()) {
            case "jdbc" -> {
                JdbcSourceSettings jdbc = JdbcSourceSettings.from(source.name(), options);
                reader = new JdbcSourceReader(jdbc);
                snapshots = jdbc.fullRefresh();
            }
            case "http" -> {
                HttpSourceSettings http = HttpSourceSettings.from(source.name(), options);
                reader = new HttpSourceReader(source.name(), http);
                // Without a since parameter every poll reads the whole list: what it no longer lists was deleted.
                snapshots = !http.incremental();
            }
            case "file" -> snapshots = options.getOrDefault("mode", "incremental").equals("full");
            case "push", "camel" -> {
                // Records are handed in, by the admin server or the route's endpoint; nothing to read.
            }
            default -> throw new IllegalStateException("Source " + source.name() + ": source type '" + source.type()
                    + "' has a template but no Java side yet. Known: jdbc, http, file, push, camel.");
        }
        // A pulled source runs on one instance at a time: one transactional id fences a zombie. A push source runs on
        // every instance, each with its own id; it has no position to protect.
        String transactionalId = topics.sourceTransactionalId(source.name())
                + (source.type().equals("push") ? "@" + instanceId : "");
        return new SourcePipeline(bootstrap, topics, source, schema, reader, snapshots, batchSize, publishTimeout,
                metrics, recentRejects, transactionalId);
    }
}
