package io.onceonly.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real headless Firefox driven over WebDriver BiDi, which Firefox speaks itself on a WebSocket when started with
 * {@code --remote-debugging-port}: no geckodriver and no client library, Debian's firefox-esr package is enough.
 */
public final class FirefoxBidi implements Browser {
    public static final String FIREFOX = "/usr/bin/firefox-esr";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    /**
     * A fresh profile that never reaches beyond this machine; the remote agent adds its own automation defaults
     * (no updates, no telemetry, no first-run pages), and a preference set here wins over those.
     */
    private static final Map<String, Object> PREFERENCES = Map.of(
            "network.proxy.type", 0,
            "network.captive-portal-service.enabled", false,
            "network.connectivity-service.enabled", false,
            "app.normandy.enabled", false,
            "messaging-system.rsexperimentloader.enabled", false,
            "browser.safebrowsing.malware.enabled", false,
            "browser.safebrowsing.phishing.enabled", false,
            "browser.safebrowsing.downloads.enabled", false,
            "extensions.getAddons.cache.enabled", false,
            "dom.ipc.processCount", 1);

    private final Path profile;
    private final Process firefox;
    private final Deque<String> output = new ArrayDeque<>();
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final String context;

    public static boolean available() {
        return new File(FIREFOX).canExecute();
    }

    public FirefoxBidi() throws Exception {
        profile = Files.createTempDirectory("firefox-profile");
        StringBuilder userJs = new StringBuilder();
        PREFERENCES.forEach((name, value) -> userJs.append("user_pref(\"").append(name).append("\", ").append(value).append(");\n"));
        Files.writeString(profile.resolve("user.js"), userJs);
        // Port 0: Firefox picks a free port and prints it, so parallel runs never race for one.
        firefox = new ProcessBuilder(FIREFOX, "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port=0", "about:blank").redirectErrorStream(true).start();
        try {
            URI endpoint = URI.create(awaitListening() + "/session");
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(START)
                    .buildAsync(endpoint, new Replies()).get(START.toSeconds(), TimeUnit.SECONDS);
            send("session.new", Map.of("capabilities", Map.of()));
            JsonNode tree = send("browsingContext.getTree", Map.of("maxDepth", 0)).path("contexts");
            context = tree.size() > 0 ? tree.get(0).path("context").asText()
                    : send("browsingContext.create", Map.of("type", "tab")).path("context").asText();
        } catch (Exception e) {
            stopProcesses(Duration.ZERO);
            throw e;
        }
    }

    /** Reads Firefox's output until it says where WebDriver BiDi listens, then keeps draining it on a thread of its own. */
    private String awaitListening() throws Exception {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(firefox.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > 50) {
                            output.removeFirst();
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
            } catch (IOException closed) {
                // Firefox has gone; its exit ends the wait below
            }
            address.completeExceptionally(new IllegalStateException("Firefox exited before WebDriver BiDi listened"));
        }, "firefox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(START.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Firefox did not offer WebDriver BiDi within " + START.toSeconds() + " s. "
                    + "Its last output:\n" + lastOutput(), e);
        }
    }

    private String lastOutput() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void open(String url) throws Exception {
        send("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    @Override
    public String script(String functionBody) throws Exception {
        return text(call("function () {\n" + functionBody + "\n}", List.of()));
    }

    @Override
    public void click(String cssSelector) throws Exception {
        JsonNode element = call("function (selector) { const e = document.querySelector(selector); "
                + "if (e) e.scrollIntoView({ block: 'center', inline: 'center' }); return e; }",
                List.of(Map.of("type", "string", "value", cssSelector)));
        if (!"node".equals(element.path("type").asText())) {
            throw new IllegalStateException("No element matches '" + cssSelector + "' to click.");
        }
        // A real pointer: move to the element's centre, press and release, so the page sees what a mouse does.
        Map<String, Object> origin = Map.of("type", "element", "element", Map.of("sharedId", element.path("sharedId").asText()));
        send("input.performActions", Map.of("context", context, "actions", List.of(Map.of(
                "type", "pointer", "id", "mouse", "parameters", Map.of("pointerType", "mouse"),
                "actions", List.of(
                        Map.of("type", "pointerMove", "x", 0, "y", 0, "origin", origin),
                        Map.of("type", "pointerDown", "button", 0),
                        Map.of("type", "pointerUp", "button", 0))))));
        send("input.releaseActions", Map.of("context", context));
    }

    @Override
    public void resize(int width, int height) throws Exception {
        send("browsingContext.setViewport", Map.of("context", context, "viewport", Map.of("width", width, "height", height)));
    }

    @Override
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(send("browsingContext.captureScreenshot", Map.of("context", context)).path("data").asText());
    }

    /** Calls a JavaScript function in the page, awaiting a promise it returns; the result as a BiDi remote value. */
    private JsonNode call(String function, List<Object> arguments) throws Exception {
        JsonNode result = send("script.callFunction", Map.of("functionDeclaration", function, "arguments", arguments,
                "awaitPromise", true, "target", Map.of("context", context)));
        if ("exception".equals(result.path("type").asText())) {
            throw new IllegalStateException("The page's script threw: " + result.path("exceptionDetails").path("text").asText());
        }
        return result.path("result");
    }

    /** A primitive remote value as text, as WebDriver's JSON would give it; null and undefined are null. */
    private static String text(JsonNode remote) {
        return switch (remote.path("type").asText()) {
            case "null", "undefined" -> null;
            case "string", "number", "boolean", "bigint" -> remote.path("value").asText();
            default -> remote.toString();
        };
    }

    /** Sends one command and waits for its reply; an error reply is thrown with the browser's own words. */
    private JsonNode send(String method, Map<String, ?> params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        try {
            synchronized (socket) {
                // java.net.http.WebSocket allows one outstanding send at a time.
                socket.sendText(JSON.writeValueAsString(command), true).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            }
            return reply.get(COMMAND.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("WebDriver BiDi " + method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("WebDriver BiDi " + method + " got no reply within " + COMMAND.toSeconds()
                    + " s. Firefox's last output:\n" + lastOutput(), e);
        } finally {
            pending.remove(id);
        }
    }

    /** Matches replies to commands by id; events are not subscribed to, so none arrive. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode reply = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> waiting = pending.get(reply.path("id").asLong(-1));
                    if (waiting != null) {
                        if ("error".equals(reply.path("type").asText())) {
                            waiting.completeExceptionally(new IllegalStateException(reply.path("error").asText() + ": "
                                    + reply.path("message").asText()));
                        } else {
                            waiting.complete(reply.path("result"));
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(p -> p.completeExceptionally(e));
                } finally {
                    message.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(p -> p.completeExceptionally(new IllegalStateException("the WebSocket closed: " + statusCode)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(p -> p.completeExceptionally(error));
        }
    }

    @Override
    public void close() {
        try {
            // Ends the session and quits Firefox the way a person closing it would, so it leaves nothing behind.
            send("browser.close", Map.of());
        } catch (Exception alreadyGone) {
            // the processes are stopped below either way
        }
        socket.abort();
        stopProcesses(Duration.ofSeconds(10));
    }

    /** Waits for Firefox to exit by itself, then ends it and every process it started. */
    private void stopProcesses(Duration grace) {
        try {
            if (!firefox.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                List<ProcessHandle> tree = firefox.descendants().toList();
                firefox.destroy();
                tree.forEach(ProcessHandle::destroy);
                if (!firefox.waitFor(5, TimeUnit.SECONDS)) {
                    firefox.destroyForcibly();
                }
                tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            firefox.descendants().forEach(ProcessHandle::destroyForcibly);
            firefox.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
