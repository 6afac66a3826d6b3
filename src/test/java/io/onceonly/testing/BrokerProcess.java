package io.onceonly.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.tools.StorageTool;

/**
 * One Kafka node (KRaft broker and controller) in a JVM of its own, started from the test classpath as
 * {@code kafka.Kafka server.properties}, so a test can SIGKILL it, pause it with SIGSTOP and start it again on the
 * same ports and data directory, as a crashed or frozen machine would be.
 */
public final class BrokerProcess implements AutoCloseable {
    private final int nodeId;
    private final int port;
    private final Path dir;
    private final Path config;
    private Process process;

    BrokerProcess(int nodeId, int port, Path dir, Properties props) throws IOException {
        this.nodeId = nodeId;
        this.port = port;
        this.dir = Files.createDirectories(dir);
        this.config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Kafka node " + nodeId + " of a test cluster");
        }
    }

    public int nodeId() {
        return nodeId;
    }

    public int port() {
        return port;
    }

    /** The broker's own output (log4j at WARN, and anything on stderr), kept in the node's folder. */
    public Path log() {
        return dir.resolve("broker.log");
    }

    /** Formats the data directory once, with the cluster's id; the static voters come from the configuration. */
    void format(String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {"format", "--config", config.toString(), "--cluster-id", clusterId,
                "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("Kafka node " + nodeId + " storage in " + dir + " cannot be formatted: "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** Starts the node; its log goes on in the same file across restarts. */
    public synchronized void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is already running (pid " + process.pid() + ")");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A small heap and the serial collector: three of these share two cores with the hub and the test.
        ProcessBuilder pb = new ProcessBuilder(List.of(javaBin, "-Xmx320m", "-Xms64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", config.toString()));
        Files.writeString(log(), "---- node " + nodeId + " started at " + Instant.now() + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = pb.start();
    }

    /** SIGKILL, as a power cut: nothing is flushed or handed over. Waits until the process is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            resume(); // a stopped process takes SIGKILL too, but leave no doubt
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGSTOP: the process freezes with its sockets open, as a machine stalled by swapping or a long GC pause. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen process goes on where it was. */
    public void resume() throws InterruptedException {
        try {
            signal("CONT");
        } catch (IOException e) {
            throw new IllegalStateException("Kafka node " + nodeId + " could not be sent SIGCONT", e);
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
