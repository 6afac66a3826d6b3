package io.onceonly.registry.spec;

import io.onceonly.config.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.onceonly.normalize.FieldMapping;

class SpecValidatorTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyUnknownKeyIsReportedWithItsPathWhereverItStands() throws Exception {
        // Jackson meets unknown keys before, between and after a record's known ones at different moments; each is
        // still reported, at its own path.
        SpecValidator.Bound<ResourceSpec> bound = SpecValidator.bind(yaml("""
                owner: bob
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { x1: 1, name: a, x2: 2, department: b, x3: 3 }
                spec: {}
                labels: { a: b }
                """), "", ResourceSpec.class);
        assertThat(bound.problems()).extracting(Problem::render).containsExactly(
                "owner is not a known key. Use one of apiVersion, kind, metadata, spec.",
                "metadata.x1 is not a known key. Use one of name, department.",
                "metadata.x2 is not a known key. Use one of name, department.",
                "metadata.x3 is not a known key. Use one of name, department.",
                "labels is not a known key. Use one of apiVersion, kind, metadata, spec.");
        assertThat(bound.value().metadata()).isEqualTo(new Metadata("a", "b"));
    }

    @Test
    void unknownKeysInsideMapsAndNestedMappingsAreReportedByTheirKeysAndNotJudgedAgainAsAWhole() throws Exception {
        SpecValidator.Bound<SourceSpec> bound = SpecValidator.bind(yaml("""
                schema: cultural-activity/v1
                from: { type: jdbc, anything: goes-to-the-template-check }
                map:
                  title: { form: HDMC }
                  venue: { from: HDDD, split: { by: "-", part: 1, prat: 2 } }
                """), "spec", SourceSpec.class);
        assertThat(bound.problems()).extracting(Problem::path).containsExactly(
                "spec.map.title.form", "spec.map.venue.split.prat");
        assertThat(bound.problems().get(0).render()).contains("Did you mean from?");
    }

    @Test
    void aValueOfTheWrongShapeIsReportedOnceAndTheRestIsStillChecked() throws Exception {
        SpecValidator.Bound<SubscriptionSpec> bound = SpecValidator.bind(yaml("""
                schema: Cultural Activity
                fields: title
                where: { category: festival, venue: [], division_code: [a, { b: 1 }] }
                start: tomorrow
                to: { type: http }
                """), "spec", SubscriptionSpec.class);
        assertThat(bound.problems()).extracting(Problem::render).containsExactly(
                "spec.schema is not a schema id: 'Cultural Activity'. Write <name>/v<major version> of a shared schema, "
                        + "for example cultural-activity/v1.",
                "spec.fields is not a list: 'title'. Write a list such as [a, b].",
                "spec.where.venue has no value: '[]'. Give a value or a list of values, for example category: "
                        + "[performance, festival].",
                "spec.where.division_code[1] is not a single value: '{…}'. Write a single value, not a list or a mapping.",
                "spec.start is not a start position: 'tomorrow'. Use earliest (first receive everything already "
                        + "shared) or latest (only what is shared from now on).");
        assertThat(bound.value().where().get("category")).containsExactly("festival");
    }

    @Test
    void aMappingThatCouldNotBeReadIsNotAlsoJudgedAsAWhole() throws Exception {
        SpecValidator.Bound<SourceSpec> bound = SpecValidator.bind(yaml("""
                schema: cultural-activity/v1
                from: { type: jdbc }
                map:
                  title: { from: [HDMC, MC] }
                  venue: { from: HDDD, split: { by: "-", part: two } }
                  category: ~
                  organizer_name: { from: ZZMC, template: "{ZZMC}" }
                """), "spec", SourceSpec.class);
        assertThat(bound.problems()).extracting(Problem::render).containsExactly(
                "spec.map.title.from is not a single value: '[…]'. Write a single value, not a list or a mapping.",
                "spec.map.venue.split.part is not a whole number: 'two'. Write a whole number such as 2 or -1.",
                "spec.map.category is empty. Say where its value comes from, for example title: { from: HDMC }.",
                "spec.map.organizer_name needs exactly one of from, template or const: 'from, template'. Take the "
                        + "value from a column (from: HDMC), from several joined (template: \"{ZDM}-{HDBH}\") or write "
                        + "a constant (const: lecture).");
    }

    @Test
    void pathsUseTheNamesWrittenInTheResourceNotTheJavaOnes() throws Exception {
        assertThat(SpecValidator.jsonNames(FieldMapping.class)).containsEntry("constant", "const")
                .containsEntry("defaultValue", "default");
        SpecValidator.Bound<SourceSpec> bound = SpecValidator.bind(yaml("""
                schema: cultural-activity/v1
                from: { type: jdbc }
                map:
                  category: { from: HDLX, values: { 演出: performance, 讲座: ~ }, formats: [" "] }
                """), "spec", SourceSpec.class);
        assertThat(bound.problems()).extracting(Problem::path)
                .containsExactly("spec.map.category.values.讲座", "spec.map.category.formats[0]");
    }

    @Test
    void aLikelyTypoNamesTheKeyItMeant() {
        List<String> options = List.of("url", "user", "password", "table", "cursor", "tiebreaker", "default", "start");
        assertThat(Problem.closest("cusor", options)).isEqualTo("cursor");
        assertThat(Problem.closest("pasword", options)).isEqualTo("password");
        assertThat(Problem.closest("defualt", options)).isEqualTo("default");
        assertThat(Problem.closest("stat", options)).isEqualTo("start");
        assertThat(Problem.closest("venue_name", options)).isNull();
    }

    @Test
    void aProblemReadsPathWhatValueAndFix() {
        assertThat(Problem.of("metadata.name", "is not a valid name", "Township A", "Use lower-case letters.").render())
                .isEqualTo("metadata.name is not a valid name: 'Township A'. Use lower-case letters.");
        assertThat(Problem.missing("spec.schema", "Name a shared schema.").render())
                .isEqualTo("spec.schema is missing. Name a shared schema.");
        assertThat(Problem.secret("spec.from.password", "is a secret written in clear text", "Reference it.").render())
                .isEqualTo("spec.from.password is a secret written in clear text: '******'. Reference it.");
        assertThat(Problem.of("spec.map.a.template", "is too long", "x".repeat(200), "Shorten it.").value())
                .hasSize(81).endsWith("…");
    }

    private static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }
}
