package io.onceonly.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real headless Chromium driven through chromedriver's W3C WebDriver protocol (plain JSON over HTTP), so browser
 * tests need no client library: Debian's chromium and chromium-driver packages are enough.
 */
public final class WebDriver implements Browser {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;

    public static boolean available() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    public WebDriver() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER, "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        JsonNode created = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (created == null) {
            try {
                created = call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                        "browserName", "chrome",
                        "goog:chromeOptions", Map.of("binary", CHROMIUM, "args", List.of("--headless", "--no-sandbox",
                                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                                "--user-data-dir=" + Files.createTempDirectory("chromium")))))));
            } catch (IOException notYetListening) {
                if (System.nanoTime() > deadline) {
                    driver.destroyForcibly();
                    throw new IllegalStateException("chromedriver did not start within 20 s", notYetListening);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        session = created.path("value").path("sessionId").asText();
    }

    @Override
    public void open(String url) throws Exception {
        call("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    @Override
    public String script(String js) throws Exception {
        JsonNode value = call("POST", "/session/" + session + "/execute/sync", Map.of("script", js, "args", List.of())).path("value");
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    @Override
    public void click(String cssSelector) throws Exception {
        JsonNode found = call("POST", "/session/" + session + "/element", Map.of("using", "css selector", "value", cssSelector));
        String element = found.path("value").elements().next().asText();
        call("POST", "/session/" + session + "/element/" + element + "/click", Map.of());
    }

    @Override
    public void resize(int width, int height) throws Exception {
        // WebDriver sizes the window; whatever the window keeps for itself is added so the viewport gets the size.
        call("POST", "/session/" + session + "/window/rect", Map.of("width", width, "height", height));
        int extraWidth = width - Integer.parseInt(script("return window.innerWidth"));
        int extraHeight = height - Integer.parseInt(script("return window.innerHeight"));
        if (extraWidth != 0 || extraHeight != 0) {
            call("POST", "/session/" + session + "/window/rect", Map.of("width", width + extraWidth, "height", height + extraHeight));
        }
    }

    @Override
    public byte[] screenshot() throws Exception {
        return java.util.Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).path("value").asText());
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        request.header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " failed: " + response.body());
        }
        return json;
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (Exception ignored) {
            // the driver goes anyway
        }
        driver.destroyForcibly();
    }
}
