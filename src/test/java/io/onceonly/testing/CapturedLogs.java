package io.onceonly.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the JVM logs while open, as an operator's log file would hold it: log4j2 (the hub, Camel, Kafka, the
 * MariaDB driver) and java.util.logging (the PostgreSQL driver), each line with its exception's whole cause chain.
 * The hub's own loggers are turned up to DEBUG, as an operator chasing a problem would.
 */
public final class CapturedLogs implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender;
    private final Handler julHandler;
    private final Level hubLevel;

    public CapturedLogs() {
        PatternLayout layout = PatternLayout.newBuilder().withPattern("%-5level %c %msg%n%xEx")
                .withCharset(StandardCharsets.UTF_8).build();
        appender = new AbstractAppender("captured-" + UUID.randomUUID(), null, layout, false, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                add(getLayout().toSerializable(event).toString());
            }
        };
        appender.start();
        Configuration config = context.getConfiguration();
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        LoggerConfig hub = config.getLoggerConfig("io.onceonly");
        hubLevel = hub.getLevel();
        hub.setLevel(Level.DEBUG);
        context.updateLoggers();

        SimpleFormatter format = new SimpleFormatter();
        julHandler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                add(format.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(julHandler);
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    /** All that was logged so far, one event after another. */
    public synchronized String text() {
        return String.join("", lines);
    }

    @Override
    public void close() {
        java.util.logging.Logger.getLogger("").removeHandler(julHandler);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getLoggerConfig("io.onceonly").setLevel(hubLevel);
        context.updateLoggers();
        appender.stop();
    }
}
