package io.onceonly.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.testing.Browser;
import io.onceonly.testing.BrowserEngine;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/**
 * The dashboard in real headless browsers, Chromium and Firefox: departments healthy, a reject appears, Chinese
 * labels drawn with a CJK font, nothing sticks out at projector size, replay works from the page.
 */
class DashboardIT {
    private static final String TOKEN = "dashboard-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A small meeting-room projector; the page must fit its width without scrolling sideways. */
    private static final int PROJECTOR_WIDTH = 1024;
    private static final int PROJECTOR_HEIGHT = 768;

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;
    private Browser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "in {0}")
    @EnumSource(BrowserEngine.class)
    void showsHealthyDepartmentsThenARejectThenReplaysADeadLetter(BrowserEngine engine) throws Exception {
        Assumptions.assumeTrue(engine.installed(), engine.missing());
        SourceTable source = new SourceTable();
        webhook = fixture.webhook();
        webhook.refuseWhen(e -> e.path("data").path("title").asText().contains("待审"));
        source.writeWithSubscribers(fixture.connectors(), TestDatabases.uniqueName("it_sink"), webhook.url());
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "待审：非遗剪纸作品展", "20240305");
        hub = fixture.setting("onceonly.api.operator-token", TOKEN).start();
        browser = engine.start();
        browser.open("http://127.0.0.1:" + hub.httpPort() + "/#token=" + TOKEN);

        await("the departments appear, running").atMost(WAIT).until(() -> "RUNNING".equals(browser.script(
                "return document.querySelector('[data-route=\"township-x.activities\"] .status')?.textContent")));
        assertThat(browser.script("return [...document.querySelectorAll('.dept h3')].map(h => h.textContent).join(',')"))
                .contains("township-x", "propaganda-dept", "culture-bureau");
        assertThat(browser.script("return document.querySelector('[data-route=\"township-x.activities\"] .numbers').textContent"))
                .contains("published 2").containsPattern("last record \\d+ s ago");
        await("the ledger counts the deliveries").atMost(WAIT).until(() -> "3".equals(browser.script(
                "return document.getElementById('deliveries').textContent")));
        assertThat(browser.script("return document.querySelector('h1 small').textContent")).startsWith("一次录入，多方共享");
        assertThat(cjkAdvanceInEm()).as("width of a Chinese character in the page's font, in em: a CJK font draws "
                + "it 1 em wide, a missing glyph box is narrower (Debian package fonts-noto-cjk)").isBetween(0.95, 1.05);

        source.insert(3, "全民健身广场舞比赛", "2024-13-45");
        await("the reject and its reason appear").atMost(WAIT).until(() -> {
            String rejects = browser.script("return document.querySelector('#rejects tbody').textContent");
            return rejects != null && rejects.contains("activity_date: '2024-13-45' is not a date");
        });
        await("the dead letter is listed with a replay button").atMost(WAIT).until(() ->
                browser.script("return document.querySelector('button.replay')?.textContent") != null);

        // The fullest the page gets (a reject, a dead letter with its long reason), on a projector.
        browser.resize(PROJECTOR_WIDTH, PROJECTOR_HEIGHT);
        assertThat(browser.script("return innerWidth")).isEqualTo(Integer.toString(PROJECTOR_WIDTH));
        assertThat(browser.script("return [...document.querySelectorAll('body *')].filter(e => "
                + "e.getBoundingClientRect().right > innerWidth + 0.5).map(e => e.tagName + '.' + e.className).join(', ')"))
                .as("elements reaching past the right edge at %dx%d", PROJECTOR_WIDTH, PROJECTOR_HEIGHT).isEmpty();
        assertThat(Integer.parseInt(browser.script("return document.documentElement.scrollWidth")))
                .as("page width at %dx%d", PROJECTOR_WIDTH, PROJECTOR_HEIGHT).isLessThanOrEqualTo(PROJECTOR_WIDTH);
        assertThat(Integer.parseInt(browser.script("""
                const cells = [...document.querySelectorAll('#rejects td, #dead-letters td')];
                const kept = cells.map(c => [...c.childNodes]);
                cells.forEach(c => c.textContent = 'x'.repeat(300));
                const width = document.documentElement.scrollWidth;
                cells.forEach((c, i) => c.replaceChildren(...kept[i]));
                return String(width);
                """))).as("page width at %dx%d when a record id, key or reason is one long word (a URL, a code)",
                PROJECTOR_WIDTH, PROJECTOR_HEIGHT).isLessThanOrEqualTo(PROJECTOR_WIDTH);
        byte[] screenshot = browser.screenshot();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/dashboard-" + engine.name().toLowerCase(Locale.ROOT) + ".png"), screenshot);
        assertThat(distinctColors(screenshot)).as("colours in the screenshot; a blank page has one or two").isGreaterThan(20);

        webhook.refuseWhen(e -> false); // the subscriber fixed its side
        browser.click("button.replay");
        await("replayed from the page").atMost(WAIT).until(() -> webhook.latestBySubject().containsKey("320115101-2")
                && "".equals(browser.script("return document.querySelector('#dead-letters tbody').textContent")));
    }

    /** How wide the page's own font stack draws Chinese text, per character, in em. */
    private double cjkAdvanceInEm() throws Exception {
        return Double.parseDouble(browser.script("""
                const probe = document.createElement('span');
                probe.textContent = '一次录入多方共享';
                probe.style.cssText = 'position: absolute; white-space: nowrap; font-size: 100px; visibility: hidden';
                document.body.append(probe);
                const width = probe.getBoundingClientRect().width;
                probe.remove();
                return String(width / 100 / 8);
                """));
    }

    private static int distinctColors(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colors.add(image.getRGB(x, y));
            }
        }
        return colors.size();
    }
}
