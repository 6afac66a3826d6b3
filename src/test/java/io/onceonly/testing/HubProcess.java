package io.onceonly.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A hub in a JVM of its own, so a test can kill it the hard way (SIGKILL) as a power cut or OOM kill would. */
public final class HubProcess implements AutoCloseable {
    private final Process process;

    private HubProcess(Process process) {
        this.process = process;
    }

    /**
     * The environment of a hub under test in a JVM of its own, as {@link HubExtension#settings()} gives one in this
     * JVM: the broker at {@code bootstrap}, a topic prefix, a connectors folder, quick polls, a free HTTP port.
     * Mutable, so a test adds or replaces settings.
     */
    public static Map<String, String> environment(String bootstrap, String prefix, Path connectors) {
        Map<String, String> env = new HashMap<>();
        env.put("ONCEONLY_KAFKA_BOOTSTRAP", bootstrap);
        env.put("ONCEONLY_TOPIC_PREFIX", prefix);
        env.put("ONCEONLY_CONNECTORS_DIR", connectors.toAbsolutePath().toString());
        env.put("ONCEONLY_DELIVERY_POLL_TIMEOUT", "200ms");
        env.put("ONCEONLY_HTTP_PORT", "0");
        return env;
    }

    /** Starts {@code onceonly run} with the test JVM's classpath and the given settings as environment variables. */
    public static HubProcess start(Map<String, String> env, Path log) throws IOException {
        return start(env, log, java.util.List.of());
    }

    /** As {@link #start(Map, Path)}, with JVM options, for example {@code -Donceonly.test.crash-at=after-sink-write}. */
    public static HubProcess start(Map<String, String> env, Path log, java.util.List<String> jvmOptions) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "io.onceonly.cli.OnceOnlyCommand", "run"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("ONCEONLY_HOME", new File(".").getAbsolutePath());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new HubProcess(pb.start());
    }

    /** SIGKILL: no shutdown hook runs, nothing in flight is finished or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the process to end by itself (for example at a crash point); true if it did within the time. */
    public boolean awaitExit(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
