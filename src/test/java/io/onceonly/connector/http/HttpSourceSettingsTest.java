package io.onceonly.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.onceonly.config.ConfigurationException;
import io.onceonly.connector.ConnectorOption;
import io.onceonly.registry.RouteTemplates;

class HttpSourceSettingsTest {

    private static HttpSourceSettings settings(String... keyValues) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return HttpSourceSettings.from("township-x.activities", options);
    }

    @Test
    void aUrlAloneIsAFullReadOfOneResponseWithTheTemplateDefaults() {
        HttpSourceSettings s = settings("url", "https://api.township-x.example/v1/activities");
        assertThat(s.pagination()).isEqualTo(HttpSourceSettings.Pagination.NONE);
        assertThat(s.incremental()).isFalse();
        assertThat(s.recordsPointer().toString()).isEmpty();
        assertThat(s.pageSize()).isEqualTo(100);
        assertThat(s.firstPage()).isEqualTo(1);
        assertThat(s.authHeader()).isEqualTo("Authorization");
        assertThat(s.authToken()).isNull();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> settings("url", "ftp://files.example/x", "recordsPointer", "data/items",
                "pagination", "pages", "pageSize", "0", "firstPage", "-1", "sinceParam", "since", "idField", "a..b",
                "timeout", "soon", "every", "0s", "authHeader", "Host"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Source township-x.activities has bad HTTP options")
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(10))
                .hasMessageContaining("spec.from.url is 'ftp://files.example/x'. Use the http or https address")
                .hasMessageContaining("spec.from.recordsPointer is 'data/items'. Use a JSON Pointer such as /data/items")
                .hasMessageContaining("spec.from.pagination is 'pages'. Use none")
                .hasMessageContaining("spec.from.pageSize is '0'. Use a whole number of at least 1.")
                .hasMessageContaining("spec.from.firstPage is '-1'. Use a whole number of at least 0.")
                .hasMessageContaining("spec.from.sinceField is missing; sinceParam 'since' needs it.")
                .hasMessageContaining("spec.from.idField is 'a..b'. Name a record field")
                .hasMessageContaining("spec.from.timeout 'soon' is not a duration.")
                .hasMessageContaining("spec.from.every is '0s'. Use a positive duration such as 60s.")
                .hasMessageContaining("spec.from.authHeader is 'Host'.");
    }

    @Test
    void cursorPaginationNeedsTheCursorsPointerAndOtherPaginationsRefuseIt() {
        assertThatThrownBy(() -> settings("url", "http://api/x", "pagination", "cursor"))
                .hasMessageContaining("spec.from.nextCursorPointer is missing; pagination: cursor needs it.");
        assertThatThrownBy(() -> settings("url", "http://api/x", "pagination", "page", "nextCursorPointer", "/next"))
                .hasMessageContaining("spec.from.nextCursorPointer is '/next' but pagination is page.");
        assertThat(settings("url", "http://api/x", "pagination", "cursor", "nextCursorPointer", "/meta/next")
                .nextCursorPointer().toString()).isEqualTo("/meta/next");
    }

    @Test
    void aSinceFieldWithoutSinceParameterWouldDoNothingAndIsRefused() {
        assertThatThrownBy(() -> settings("url", "http://api/x", "sinceField", "updated_at"))
                .hasMessageContaining("spec.from.sinceField is 'updated_at' but sinceParam is empty");
        assertThat(settings("url", "http://api/x", "sinceParam", "since", "sinceField", "meta.updated_at").incremental())
                .isTrue();
    }

    @Test
    void theUrlMayNotSetAParameterTheHubSetsAndMessagesNeverShowItsQuery() {
        assertThatThrownBy(() -> settings("url", "https://api/x?key=s3cr3t&page=2", "pagination", "page"))
                .hasMessageContaining("spec.from.url sets query parameter 'page', which the hub sets on each request.")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> settings("url", "not a url?key=s3cr3t"))
                .hasMessageContaining("spec.from.url is not a valid address")
                .hasMessageNotContaining("s3cr3t");
        // Without pagination the hub sets no page parameter, so the url may fix one.
        assertThat(settings("url", "https://api/x?page=2&key=s3cr3t").shownUrl()).isEqualTo("https://api/x");
    }

    @Test
    void anAuthTokenWithALineBreakIsRefusedWithoutShowingItAndSettingsNeverPrintIt() {
        assertThatThrownBy(() -> settings("url", "http://api/x", "authToken", "Bearer abc\r\nX-Evil: 1"))
                .hasMessageContaining("spec.from.authToken resolves to a value with a line break")
                .hasMessageNotContaining("abc");
        assertThatThrownBy(() -> settings("url", "http://api/x", "authToken", "abc", "authHeader", ""))
                .hasMessageContaining("spec.from.authToken is set but authHeader is empty");
        HttpSourceSettings s = settings("url", "https://u:pw@api/x?key=k1", "authToken", "Bearer t0ken", "authHeader", "X-Api-Key");
        assertThat(s.toString()).doesNotContain("t0ken").doesNotContain("k1").doesNotContain("pw").contains("authToken=(secret)");
    }

    @Test
    void theTemplateDeclaresEveryOptionWithADescriptionAndTheAuthTokenIsASecret() {
        HttpSourceConnector http = new HttpSourceConnector();
        http.options().forEach(p ->
                assertThat(p.description()).as("parameter %s has a description", p.name()).isNotBlank());
        assertThat(http.options()).extracting(ConnectorOption::name).containsExactlyInAnyOrder("url", "recordsPointer",
                "pagination", "pageParam", "firstPage", "sizeParam", "pageSize", "offsetParam", "cursorParam",
                "nextCursorPointer", "sinceParam", "sinceField", "idField", "authHeader", "authToken", "timeout", "every");
        assertThat(RouteTemplates.load(Path.of("routes")).find("source-http").orElseThrow().userParameters().keySet())
                .containsExactlyElementsOf(http.options().stream().map(ConnectorOption::name).toList());
        assertThat(http.options()).filteredOn(ConnectorOption::secret)
                .extracting(ConnectorOption::name).containsExactly("authToken");
        assertThat(http.option("url").orElseThrow().required()).isTrue();
        // The declared defaults are valid options by themselves.
        Map<String, String> defaults = new HashMap<>();
        http.options().stream().filter(p -> p.defaultValue() != null)
                .forEach(p -> defaults.put(p.name(), p.defaultValue()));
        defaults.put("url", "http://api/x");
        assertThat(HttpSourceSettings.from("t", defaults).pagination()).isEqualTo(HttpSourceSettings.Pagination.NONE);
    }
}
