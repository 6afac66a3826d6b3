package io.onceonly.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.testing.HubFixture;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebDriver;
import io.onceonly.testing.WebhookReceiver;

/** The dashboard in a real headless Chromium: departments healthy, a reject appears, replay works from the page. */
class DashboardIT {
    private static final String TOKEN = "dashboard-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path connectors;
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void showsHealthyDepartmentsThenARejectThenReplaysADeadLetter() throws Exception {
        Assumptions.assumeTrue(WebDriver.available(),
                "Chromium and chromedriver are not installed (Debian packages chromium, chromium-driver); .ci/run installs them");
        SourceTable source = new SourceTable();
        webhook = new WebhookReceiver();
        webhook.refuseWhen(e -> e.path("data").path("title").asText().contains("待审"));
        HubFixture.write(connectors, "source.yaml", source.sourceYaml("township-x.activities"));
        HubFixture.write(connectors, "propaganda.yaml", SourceTable.mariaDbSubscriptionYaml("propaganda-dept.activities",
                TestDatabases.uniqueName("it_sink")));
        HubFixture.write(connectors, "culture.yaml", SourceTable.webhookSubscriptionYaml("culture-bureau.activities", webhook.url()));
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "待审：非遗剪纸作品展", "20240305");
        hub = OnceOnlyHub.start(HubFixture.settings(connectors, HubFixture.uniquePrefix(),
                Map.of("onceonly.api.operator-token", TOKEN)), Map.of());
        browser = new WebDriver();
        browser.open("http://127.0.0.1:" + hub.httpPort() + "/#token=" + TOKEN);

        await("the departments appear, running").atMost(WAIT).until(() -> "RUNNING".equals(browser.script(
                "return document.querySelector('[data-route=\"township-x.activities\"] .status')?.textContent")));
        assertThat(browser.script("return [...document.querySelectorAll('.dept h3')].map(h => h.textContent).join(',')"))
                .contains("township-x", "propaganda-dept", "culture-bureau");
        assertThat(browser.script("return document.querySelector('[data-route=\"township-x.activities\"] .numbers').textContent"))
                .contains("published 2").containsPattern("last record \\d+ s ago");
        await("the ledger counts the deliveries").atMost(WAIT).until(() -> "3".equals(browser.script(
                "return document.getElementById('deliveries').textContent")));

        source.insert(3, "全民健身广场舞比赛", "2024-13-45");
        await("the reject and its reason appear").atMost(WAIT).until(() -> {
            String rejects = browser.script("return document.querySelector('#rejects tbody').textContent");
            return rejects != null && rejects.contains("activity_date: '2024-13-45' is not a date");
        });

        await("the dead letter is listed with a replay button").atMost(WAIT).until(() ->
                browser.script("return document.querySelector('button.replay')?.textContent") != null);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/dashboard-it.png"), browser.screenshot());
        webhook.refuseWhen(e -> false); // the subscriber fixed its side
        browser.click("button.replay");
        await("replayed from the page").atMost(WAIT).until(() -> webhook.latestBySubject().containsKey("320115101-2")
                && "".equals(browser.script("return document.querySelector('#dead-letters tbody').textContent")));
    }
}
