package io.onceonly.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A hub in a JVM of its own, so a test can kill it the hard way (SIGKILL) as a power cut or OOM kill would. */
public final class HubProcess implements AutoCloseable {
    private final Process process;

    private HubProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code onceonly run} with the test JVM's classpath and the given settings as environment variables. */
    public static HubProcess start(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.onceonly.cli.OnceOnlyCommand", "run");
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
