package io.onceonly.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.onceonly.config.HubSettings;
import io.onceonly.hub.OnceOnlyHub;

/**
 * A hub under test on the shared broker, with a topic prefix and a connectors folder of its own, as a JUnit 5 extension.
 *
 * <p>Registered on an instance field ({@code @RegisterExtension final HubExtension fixture = new HubExtension()}) it
 * serves one test; on a static field, the whole class. At the end it closes the hub, then what the test handed it
 * ({@link #closeAfter}: webhooks, a department's API), then deletes its temp folder, in that order, so nothing the
 * hub still talks to goes away under it.
 */
public final class HubExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<OnceOnlyHub> running = new ArrayList<>();
    private boolean perClass;
    private Path root;
    private String prefix;

    /** A unique topic prefix, so each test has its own topics, groups and transactional ids. */
    public static String uniquePrefix() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A hub setting for every start, for example {@code onceonly.source.batch-size}; overrides the fixture's own. */
    public HubExtension setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Hub settings for every start, as key/value pairs. */
    public HubExtension withSettings(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    /** A secret the hub resolves for {@code {{name}}} references in resources. */
    public HubExtension secret(String name, String value) {
        secrets.put(name, value);
        return this;
    }

    /** The topic prefix of this fixture's hub: the same across restarts. */
    public String prefix() {
        if (prefix == null) {
            prefix = uniquePrefix();
        }
        return prefix;
    }

    /** The hub's connectors folder, where {@link #write} puts resources. */
    public Path connectors() {
        return folder("connectors");
    }

    /** A folder of this name in the fixture's temp folder (a drop folder, an export folder), created if missing. */
    public Path folder(String name) {
        try {
            if (root == null) {
                root = Files.createTempDirectory("onceonly-hub-");
            }
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a resource (a {@link Resources} builder, or YAML text) into the connectors folder. */
    public HubExtension write(String fileName, Object yaml) {
        Resources.write(connectors(), fileName, yaml);
        return this;
    }

    /** The settings the hub starts with: the shared broker, this prefix and folder, quick polls, a free HTTP port. */
    public HubSettings settings() {
        Map<String, String> values = new HashMap<>();
        values.put("onceonly.kafka.bootstrap", SharedKafkaBroker.bootstrapServers());
        values.put("onceonly.topic-prefix", prefix());
        values.put("onceonly.connectors-dir", connectors().toAbsolutePath().toString());
        values.put("onceonly.delivery.poll-timeout", "200ms");
        values.put("onceonly.http.port", "0");
        values.putAll(settings);
        return HubSettings.of(values);
    }

    /** Starts a hub with the resources written so far; it is closed at the end if the test does not stop it. */
    public OnceOnlyHub start() throws Exception {
        OnceOnlyHub hub = OnceOnlyHub.start(settings(), Map.copyOf(secrets));
        running.add(hub);
        return hub;
    }

    /** The hub started last and still running. */
    public OnceOnlyHub hub() {
        if (running.isEmpty()) {
            throw new IllegalStateException("No hub is running. Call start() first.");
        }
        return running.get(running.size() - 1);
    }

    /** Stops every running hub, gracefully; their topics, positions and folder stay for the next start. */
    public void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.remove(i).close();
        }
    }

    /** Stops the hub and starts it again with the same prefix, settings and resources, as an operator's restart. */
    public OnceOnlyHub restart() throws Exception {
        stop();
        return start();
    }

    /** Closes {@code resource} after the hub, at the end of the test (or class); returns it. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        owned.add(resource);
        return resource;
    }

    /** A department's REST API with activities 1..count, closed after the hub. */
    public DepartmentApi departmentApi(int count) {
        try {
            return closeAfter(new DepartmentApi(count));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A webhook receiver, closed after the hub. */
    public WebhookReceiver webhook() {
        try {
            return closeAfter(new WebhookReceiver());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void close() throws Exception {
        Exception failure = null;
        try {
            stop();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        owned.clear();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            root = null;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
