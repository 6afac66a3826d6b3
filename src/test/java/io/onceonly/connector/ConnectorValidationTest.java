package io.onceonly.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.onceonly.config.Problem;

/** Each connector type's validate() reports every problem of its options at once, each at its path. */
class ConnectorValidationTest {

    private static List<Problem> validate(ConnectorType.Role role, String type, String... keyValues) {
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            written.put(keyValues[i], keyValues[i + 1]);
        }
        return ConnectorCatalog.standard().find(role, type).orElseThrow().validate(role.path(), written);
    }

    private static List<String> paths(List<Problem> problems) {
        return problems.stream().map(Problem::path).toList();
    }

    @Test
    void aJdbcSourceWithABadModeLagAndColumnAndAClearPasswordHearsOfEach() {
        List<Problem> problems = validate(ConnectorType.Role.SOURCE, "jdbc", "url", "jdbc:h2:mem:x",
                "password", "hunter2", "table", "activity", "mode", "full", "cursor", "updated at",
                "tiebreaker", "id", "lag", "soon", "every", "0s");
        assertThat(paths(problems)).containsExactlyInAnyOrder("spec.from.password", "spec.from.mode",
                "spec.from.cursor", "spec.from.lag", "spec.from.every");
        assertThat(problems).filteredOn(p -> p.path().equals("spec.from.password")).extracting(Problem::value)
                .containsExactly(Problem.MASKED);
    }

    @Test
    void anHttpSourceWithABadUrlPaginationPageSizeAndTimeoutHearsOfEach() {
        List<Problem> problems = validate(ConnectorType.Role.SOURCE, "http", "url", "ftp://api/x",
                "pagination", "pages", "pageSize", "0", "timeout", "soon", "sinceField", "updated_at",
                "authToken", "Bearer t0ken");
        assertThat(paths(problems)).containsExactlyInAnyOrder("spec.from.url", "spec.from.pagination",
                "spec.from.pageSize", "spec.from.timeout", "spec.from.sinceField", "spec.from.authToken");
        assertThat(problems.toString()).doesNotContain("t0ken");
    }

    @Test
    void aPasswordInsideAnAddressIsRefusedAndNeverShown() {
        List<List<Problem>> refused = List.of(
                validate(ConnectorType.Role.SINK, "http", "url", "https://culture:hunter2@receiver.example/inbox"),
                validate(ConnectorType.Role.SINK, "jdbc", "url", "jdbc:mariadb://bureau:hunter2@db.example/x", "table", "t"),
                validate(ConnectorType.Role.SINK, "jdbc", "url", "jdbc:postgresql://db.example/x?user=u&password=hunter2",
                        "table", "t"),
                validate(ConnectorType.Role.SOURCE, "http", "url", "https://api.example/v1/list?token=hunter2"),
                validate(ConnectorType.Role.SOURCE, "jdbc", "url", "jdbc:h2:mem:x;PASSWORD=hunter2", "table", "activity",
                        "cursor", "updated_at", "tiebreaker", "id"));
        for (List<Problem> problems : refused) {
            assertThat(problems).as(problems.toString()).anySatisfy(p -> {
                assertThat(p.path()).endsWith(".url");
                assertThat(p.value()).isEqualTo(Problem.MASKED);
                assertThat(p.render()).contains("{{env:");
            });
            assertThat(problems.toString()).doesNotContain("hunter2");
        }
    }

    @Test
    void anAddressWithAUserAndAReferencedPasswordIsAccepted() {
        assertThat(validate(ConnectorType.Role.SINK, "http", "url", "https://culture:{{env:HOOK_PASSWORD}}@receiver/inbox"))
                .isEmpty();
        assertThat(validate(ConnectorType.Role.SINK, "jdbc", "url", "jdbc:mariadb://127.0.0.1:3306/test?user=root",
                "table", "t")).isEmpty();
        assertThat(validate(ConnectorType.Role.SINK, "http", "url", "http://[::1]:8080/inbox@v1")).isEmpty();
    }

    @Test
    void anHttpSourceWhoseUrlIsAReferenceIsCheckedWhenItStarts() {
        assertThat(validate(ConnectorType.Role.SOURCE, "http", "url", "{{env:TOWNSHIP_A_API}}",
                "authToken", "Bearer {{env:TOKEN}}")).isEmpty();
    }

    @Test
    void aFileSourceWithABadFormatHeaderSizeAndRemoteUriHearsOfEach() {
        List<Problem> problems = validate(ConnectorType.Role.SOURCE, "file", "dir", "/srv/drop",
                "uri", "ftp://dept@ftp.township-c/out?password=hunter2", "format", "xls", "header", "maybe",
                "maxFileBytes", "1GB", "settle", "-", "mode", "everything");
        assertThat(paths(problems)).contains("spec.from.uri", "spec.from.format", "spec.from.header",
                "spec.from.maxFileBytes", "spec.from.settle", "spec.from.mode");
        assertThat(problems.toString()).doesNotContain("hunter2");
    }

    @Test
    void aFileSourceStillTakesTheOldWordFullAsFullRefresh() {
        assertThat(validate(ConnectorType.Role.SOURCE, "file", "dir", "/srv/drop", "mode", "full")).isEmpty();
        ConnectorType file = ConnectorCatalog.standard().find(ConnectorType.Role.SOURCE, "file").orElseThrow();
        assertThat(ConnectorOptions.of(file, Map.of("dir", "/srv/drop", "mode", "full")).text("mode"))
                .isEqualTo("full-refresh");
    }

    @Test
    void aPushSourceWithItsTokenInClearTextHearsOfItMasked() {
        List<Problem> problems = validate(ConnectorType.Role.SOURCE, "push", "token", "s3cret");
        assertThat(paths(problems)).containsExactly("spec.from.token");
        assertThat(problems.get(0).value()).isEqualTo(Problem.MASKED);
    }

    @Test
    void aCamelSourceWithASecretInItsUriAndABadFormatHearsOfBoth() {
        List<Problem> problems = validate(ConnectorType.Role.SOURCE, "camel",
                "uri", "jms:queue:x?password=hunter2", "format", "xml");
        assertThat(paths(problems)).containsExactlyInAnyOrder("spec.from.uri", "spec.from.format");
        assertThat(problems.toString()).doesNotContain("hunter2");
    }

    @Test
    void aJdbcSinkWithABadUrlTableFlagTimeoutAndColumnsHearsOfEach() {
        List<Problem> problems = validate(ConnectorType.Role.SINK, "jdbc", "url", "postgres://db/x",
                "table", "activities; drop table x", "createTable", "sometimes", "timeout", "1 minute",
                "columns", "title=HD MC", "password", "hunter2");
        assertThat(paths(problems)).containsExactlyInAnyOrder("spec.to.url", "spec.to.table", "spec.to.createTable",
                "spec.to.timeout", "spec.to.columns.title", "spec.to.password");
    }

    @Test
    void anHttpSinkWithABadUrlTimeoutAndAClearSecretHearsOfEach() {
        List<Problem> problems = validate(ConnectorType.Role.SINK, "http", "url", "culture-bureau/events",
                "timeout", "0s", "secret", "whsec_abc");
        assertThat(paths(problems)).containsExactlyInAnyOrder("spec.to.url", "spec.to.timeout", "spec.to.secret");
        assertThat(problems.toString()).doesNotContain("whsec_abc");
    }

    @Test
    void aFileSinkWithABadFormatEncodingSizeAndDelayHearsOfEach() {
        List<Problem> problems = validate(ConnectorType.Role.SINK, "file", "dir", "/srv/out", "format", "xlsx",
                "encoding", "latin-9x", "maxBytes", "0", "maxDelay", "later");
        assertThat(paths(problems)).containsExactlyInAnyOrder("spec.to.format", "spec.to.encoding",
                "spec.to.maxBytes", "spec.to.maxDelay");
    }

    @Test
    void aFileSinkWithAByteOrderMarkOnGbkHearsThatItAppliesToUtf8Only() {
        assertThat(paths(validate(ConnectorType.Role.SINK, "file", "dir", "/srv/out", "format", "csv",
                "encoding", "gbk", "bom", "true"))).containsExactly("spec.to.bom");
    }

    @Test
    void aKafkaSinkWithABadTopicNameHearsOfIt() {
        List<Problem> problems = validate(ConnectorType.Role.SINK, "kafka", "topic", "health commission/followups");
        assertThat(paths(problems)).containsExactly("spec.to.topic");
        assertThat(problems.get(0).render()).contains("is not a Kafka topic name: 'health commission/followups'");
    }
}
