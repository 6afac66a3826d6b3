package io.onceonly.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SharedSchema;
import io.onceonly.testing.Generator;
import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;

/** Whatever a record holds and whatever a subscription was granted, projection adds no field and changes no value. */
class FieldProjectionPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<SharedSchema> SCHEMAS = SchemaCatalog.load(Path.of("schemas")).all();
    /** Names a record may carry that no subscription of these schemas can be granted. */
    private static final List<String> FOREIGN = List.of("password", "id_number_raw", "_key", "", "TITLE", "title ", "a.b");

    /** A schema, the fields granted to a subscription of it, and a record that may hold any of them and more. */
    record Case(SharedSchema schema, List<String> granted, ObjectNode record) {
    }

    private static Generator<Case> cases() {
        return Generators.of(SCHEMAS).flatMap(schema -> {
            List<String> fields = new ArrayList<>(schema.fields().keySet());
            List<String> names = new ArrayList<>(fields);
            names.addAll(FOREIGN);
            Generator<List<String>> granted = Generators.subsets(fields, fields.size());
            Generator<String> name = Generators.of(names);
            Generator<JsonNode> value = values(2);
            Generator<Map.Entry<String, JsonNode>> entry = random -> Map.entry(name.next(random), value.next(random));
            Generator<ObjectNode> record = entry.list(0, names.size() + 3).map(entries -> {
                ObjectNode r = NODES.objectNode();
                entries.forEach(e -> r.set(e.getKey(), e.getValue()));
                return r;
            });
            return random -> new Case(schema, granted.next(random), record.next(random));
        });
    }

    /** Any JSON value: text, numbers, booleans, null, and objects and arrays nested {@code depth} deep. */
    private static Generator<JsonNode> values(int depth) {
        Generator<JsonNode> scalar = Generators.oneOf(
                Generators.strings(Generators.anyChars(), 0, 12).map(NODES::textNode),
                Generators.longs().map(NODES::numberNode),
                Generators.bigDecimals(3).map(NODES::numberNode),
                Generators.booleans().map(NODES::booleanNode),
                Generators.just(NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Generator<String> key = Generators.of("title", "name", "id_number", "x");
        Generator<JsonNode> inner = values(depth - 1);
        Generator<JsonNode> object = random -> {
            ObjectNode o = NODES.objectNode();
            for (int n = Generators.size(random, 0, 3); n > 0; n--) {
                o.set(key.next(random), inner.next(random));
            }
            return o;
        };
        Generator<JsonNode> array = inner.list(0, 3).map(items -> NODES.arrayNode().addAll(items));
        return Generators.frequency(Generators.weighted(6, scalar), Generators.weighted(1, object), Generators.weighted(1, array));
    }

    @Test
    void projectionKeepsExactlyTheGrantedFieldsTheRecordHasWithTheirValues() {
        PropertyRunner.forAll(200, cases(), c -> {
            ObjectNode before = c.record().deepCopy();
            ObjectNode projected = new FieldProjection(c.granted(), Map.of()).project(c.record());

            Set<String> expected = new LinkedHashSet<>(c.granted());
            expected.retainAll(names(c.record()));
            assertThat(names(projected)).as("fields of %s granted %s", c.record(), c.granted())
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (String field : names(projected)) {
                assertThat(projected.get(field)).as(field).isEqualTo(c.record().get(field));
            }
            assertThat(c.record()).as("the record itself is left as it was").isEqualTo(before);
        });
    }

    /** A case and the values a subscription's {@code where} allows for the schema's first key field. */
    record Where(Case c, List<String> allowed) {
    }

    @Test
    void whereSelectsOnlyRecordsHoldingAListedValueAndNeverWidensWhatIsGranted() {
        Generator<Case> cases = cases();
        Generator<List<String>> texts = texts();
        PropertyRunner.forAll(150, random -> new Where(cases.next(random), texts.next(random)), w -> {
            Case c = w.c();
            List<String> allowed = w.allowed();
            String field = c.schema().keyFields().get(0);
            FieldProjection projection = new FieldProjection(c.granted(), Map.of(field, allowed));
            JsonNode value = c.record().get(field);
            assertThat(projection.selects(c.record())).isEqualTo(value != null && allowed.contains(value.asText()));
            assertThat(names(projection.project(c.record()))).isSubsetOf(c.granted());
        });
    }

    private static Generator<List<String>> texts() {
        return Generators.strings(Generators.anyChars(), 0, 3).list(0, 3);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
