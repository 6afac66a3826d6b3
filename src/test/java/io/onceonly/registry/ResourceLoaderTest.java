package io.onceonly.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.config.ConfigurationException;
import io.onceonly.schema.SchemaCatalog;

class ResourceLoaderTest {
    private static SchemaCatalog catalog;
    private static RouteTemplates templates;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadCatalogAndTemplates() {
        catalog = SchemaCatalog.load(Path.of("schemas"));
        templates = RouteTemplates.load(Path.of("routes"));
    }

    @Test
    void demoRegistrationsLoadWithTemplateDefaultsFilledIn() {
        Registrations regs = ResourceLoader.load(Path.of("connectors/demo"), catalog, templates);
        assertThat(regs.sources()).extracting(SourceResource::name)
                .containsExactly("township-a.activities", "township-b.activities", "township-c.households");
        assertThat(regs.subscriptions()).extracting(SubscriptionResource::name)
                .containsExactlyInAnyOrder("propaganda-dept.activities", "culture-bureau.activities", "civil-affairs.households");
        SubscriptionResource propaganda = regs.subscriptions().stream()
                .filter(s -> s.name().equals("propaganda-dept.activities")).findFirst().orElseThrow();
        assertThat(propaganda.to()).containsEntry("createTable", "true").containsEntry("table", "XC_WHHD");
        assertThat(regs.sources().get(0).ceSource()).isEqualTo("/departments/township-a/sources/township-a.activities");
    }

    @Test
    void everyProblemInARegistrationIsReportedAtOnceWithFileAndPath() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-a.activities, department: township-a }
                spec:
                  schema: cultural-activity/v1
                  from: { type: jdbc, url: "jdbc:h2:mem:x", table: HD, cusor: GXSJ, tiebreaker: HDBH, password: hunter2 }
                  map:
                    title: { from: HDMC }
                    activity_date: { from: HDRQ, type: dat }
                    venue_name: { from: HDDD }
                """);
        assertThatThrownBy(() -> ResourceLoader.load(dir, catalog, templates))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bad.yaml: spec.from.cusor is not an option of connector type 'jdbc'")
                .hasMessageContaining("spec.from.password is a secret written in clear text")
                .hasMessageContaining("spec.from.cursor is missing")
                .hasMessageContaining("spec.map.activity_date.type")
                .hasMessageContaining("spec.map.venue_name is not a field of schema cultural-activity/v1")
                .hasMessageContaining("spec.map.activity_id is missing. Schema cultural-activity/v1 requires it")
                .hasMessageContaining("spec.map.category is missing");
    }

    @Test
    void everyProblemAcrossMetadataSpecMapAndOptionsIsReportedInOneGoWithPathAndValue() throws IOException {
        Files.writeString(dir.resolve("many.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: Township_X, department: township-x, owner: bob }
                spec:
                  schema: cultural-activity/v1
                  shedule: hourly
                  from: { type: jdbc, url: "jdbc:h2:mem:x", table: HD, cursor: GXSJ, tiebreaker: HDBH, password: hunter2, pasword: hunter3 }
                  map:
                    activity_id:    { from: HDBH, const: x }
                    title:          { from: HDMC, split: { by: "-", part: 0 } }
                    category:       { const: lecture }
                    activity_date:  { from: HDRQ, type: date, formats: [yyyyMMdd, ""] }
                    venue:          { from: HDDD, defualt: 街道文化站 }
                    division_code:  { const: "320115101000" }
                    organizer_name: { from: ZZMC }
                    ticket_price:   { from: PJ }
                """);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ResourceLoader.load(dir, catalog, templates));
        String at = dir.resolve("many.yaml") + ": ";
        assertThat(e.problems()).satisfiesExactly(
                p -> assertThat(p).startsWith(at + "metadata.name is not a valid name: 'Township_X'. Use lower-case"),
                p -> assertThat(p).startsWith(at + "metadata.owner is not a known key. Use one of name, department."),
                p -> assertThat(p).startsWith(at + "spec.shedule is not a known key. Use one of schema, from, map."),
                p -> assertThat(p).startsWith(at + "spec.map.activity_id needs exactly one of from, template or const: "
                        + "'from, const'. Take the value from a column"),
                p -> assertThat(p).startsWith(at + "spec.map.title.split.part is not a part number: '0'. Use 1 for"),
                p -> assertThat(p).startsWith(at + "spec.map.activity_date.formats[1] is blank: ''. Give an input format"),
                p -> assertThat(p).startsWith(at + "spec.map.venue.defualt is not a known key. Did you mean default? "
                        + "Use one of from, template, const, split, type, formats, values, default."),
                p -> assertThat(p).startsWith(at + "spec.from.password is a secret written in clear text: '******'. "
                        + "Reference it instead"),
                p -> assertThat(p).startsWith(at + "spec.from.pasword is not an option of connector type 'jdbc'. "
                        + "Did you mean password?"),
                p -> assertThat(p).startsWith(at + "spec.map.ticket_price is not a field of schema cultural-activity/v1. "
                        + "Use one of activity_id, title,"));
        // Neither the secret nor what was written under a misspelt secret's name is echoed.
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("hunter3");
    }

    @Test
    void formatsAreCheckedAgainstTheTypeTheSchemaFieldImpliesWhenTheMappingNamesNone() throws IOException {
        String source = """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-x.activities, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: http, url: "https://api.township-x.example/activities" }
                  map:
                    activity_id:    { from: id }
                    title:          { from: name%s }
                    category:       { const: lecture }
                    activity_date:  { from: date, formats: [yyyyMMdd] }
                    venue:          { from: place }
                    division_code:  { const: "320115101000" }
                    organizer_name: { from: organizer }
                """;
        Files.writeString(dir.resolve("ok.yaml"), source.formatted(""));
        assertThat(ResourceLoader.load(dir, catalog, templates).sources()).hasSize(1);

        Files.writeString(dir.resolve("ok.yaml"), source.formatted(", formats: [yyyyMMdd]"));
        assertThatThrownBy(() -> ResourceLoader.load(dir, catalog, templates))
                .hasMessageContaining("ok.yaml: spec.map.title.formats apply to date and datetime only, not to string: "
                        + "'[yyyyMMdd]'. Remove formats, or use type: date or type: datetime.");
    }

    @Test
    void subscriptionToUnknownSchemaOrWithoutKeyFieldIsRefused() throws IOException {
        Files.writeString(dir.resolve("subs.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: culture-bureau.people, department: culture-bureau }
                spec:
                  schema: residents/v1
                  to: { type: http, url: "http://localhost/x" }
                ---
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: culture-bureau.activities, department: culture-bureau }
                spec:
                  schema: cultural-activity/v1
                  fields: [title, venue, ticket_price]
                  start: yesterday
                  to: { type: ftp, url: "ftp://localhost/x" }
                """);
        assertThatThrownBy(() -> ResourceLoader.load(dir, catalog, templates))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("subs.yaml (document 1): spec.schema is not in the schema catalog: 'residents/v1'")
                .hasMessageContaining("subs.yaml (document 2): spec.fields[2] is not a field of schema cultural-activity/v1: 'ticket_price'")
                .hasMessageContaining("spec.fields leaves out the key field activity_id: '[title, venue, ticket_price]'")
                .hasMessageContaining("spec.start is not a start position: 'yesterday'. Use earliest")
                .hasMessageContaining("spec.to.type is not a sink type: 'ftp'. Use one of file, http, jdbc, kafka");
    }

    @Test
    void duplicateNamesAndWrongApiVersionAreRefused() throws IOException {
        String sub = """
                apiVersion: onceonly.io/v2
                kind: Subscription
                metadata: { name: culture-bureau.activities, department: culture-bureau, owner: bob }
                spec:
                  schema: cultural-activity/v1
                  to: { type: http, url: "http://localhost/x" }
                """;
        Files.writeString(dir.resolve("a.yaml"), sub);
        Files.writeString(dir.resolve("b.yaml"), sub);
        assertThatThrownBy(() -> ResourceLoader.load(dir, catalog, templates))
                .hasMessageContaining("apiVersion is not supported: 'onceonly.io/v2'. Use onceonly.io/v1.")
                .hasMessageContaining("metadata.owner is not a known key. Use one of name, department.")
                .hasMessageContaining("b.yaml: metadata.name is already taken: 'culture-bureau.activities'. "
                        + "A Subscription of that name is registered in");
    }

    @Test
    void aSecretMayFollowAnAuthSchemeButOnlyAsOneReference() throws IOException {
        String source = """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-x.%s, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: http, url: "https://api.township-x.example/activities", authToken: "%s" }
                  map:
                    activity_id:    { from: id }
                    title:          { from: name }
                    category:       { const: lecture }
                    activity_date:  { from: date }
                    venue:          { from: place.name }
                    division_code:  { const: "320115101000" }
                    organizer_name: { from: organizer.name }
                """;
        Files.writeString(dir.resolve("ok.yaml"), source.formatted("a", "Bearer {{env:TOWNSHIP_X_TOKEN}}")
                + "---\n" + source.formatted("b", "{{env:TOWNSHIP_X_KEY}}"));
        assertThat(ResourceLoader.load(dir, catalog, templates).sources()).extracting(s -> s.from().get("authToken"))
                .containsExactly("Bearer {{env:TOWNSHIP_X_TOKEN}}", "{{env:TOWNSHIP_X_KEY}}");

        Files.writeString(dir.resolve("bad.yaml"), source.formatted("c", "Bearer abc123")
                + "---\n" + source.formatted("d", "Bearer abc{{env:TOWNSHIP_X_TOKEN}}"));
        assertThatThrownBy(() -> ResourceLoader.load(dir, catalog, templates))
                .hasMessageContaining("bad.yaml (document 1): spec.from.authToken is a secret written in clear text")
                .hasMessageContaining("bad.yaml (document 2): spec.from.authToken is a secret written in clear text")
                .hasMessageContaining("\"Bearer {{env:API_TOKEN}}\"");
    }

    @Test
    void aBadHttpSourceAndABadSinkAreRefusedAtApplyWithEveryProblem() throws IOException {
        Files.writeString(dir.resolve("apply.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-x.activities, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: http, url: "https://api.township-x.example/v1?page=1", pagination: page, pageSize: "0" }
                  map:
                    activity_id: { from: id }
                ---
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: culture-bureau.activities, department: culture-bureau }
                spec:
                  schema: cultural-activity/v1
                  to: { type: file, dir: /srv/out, format: xlsx, maxDelay: soon }
                """);
        assertThatThrownBy(() -> ResourceLoader.load(dir, catalog, templates))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("apply.yaml (document 1): spec.from.url sets query parameter 'page'")
                .hasMessageContaining("apply.yaml (document 1): spec.from.pageSize is '0'")
                .hasMessageContaining("apply.yaml (document 2): spec.to.format is not one of jsonl, csv: 'xlsx'")
                .hasMessageContaining("apply.yaml (document 2): spec.to.maxDelay is not a duration above zero: 'soon'");
    }

    @Test
    void aConnectorTypeWithATemplateButNoJavaSideIsRefusedAtApply() throws IOException {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        for (Path template : Files.list(Path.of("routes")).toList()) {
            Files.copy(template, routes.resolve(template.getFileName()));
        }
        Files.writeString(routes.resolve("source-ldap.yaml"), """
                - routeTemplate:
                    id: source-ldap
                    description: Reads a directory.
                    parameters:
                      - name: source
                        description: Name of the Source resource (set by the hub).
                      - name: host
                        description: Directory host.
                    route:
                      from:
                        uri: "timer:{{source}}"
                        steps:
                          - log: "{{host}}"
                """);
        Path connectors = dir.resolve("connectors");
        Files.createDirectories(connectors);
        Files.writeString(connectors.resolve("ldap.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: township-x.people, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: ldap, host: ldap.township-x }
                  map:
                    activity_id: { from: id }
                """);
        assertThatThrownBy(() -> ResourceLoader.load(connectors, catalog, RouteTemplates.load(routes)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ldap.yaml: spec.from.type has a route template but no Java side: 'ldap'. "
                        + "Route template source-ldap in " + routes);
    }
}
