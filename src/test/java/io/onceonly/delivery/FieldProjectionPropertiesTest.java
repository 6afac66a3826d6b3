package io.onceonly.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SharedSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a record holds and whatever a subscription was granted, projection adds no field and changes no value. */
class FieldProjectionPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<SharedSchema> SCHEMAS = SchemaCatalog.load(Path.of("schemas")).all();
    /** Names a record may carry that no subscription of these schemas can be granted. */
    private static final List<String> FOREIGN = List.of("password", "id_number_raw", "_key", "", "TITLE", "title ", "a.b");

    /** A schema, the fields granted to a subscription of it, and a record that may hold any of them and more. */
    record Case(SharedSchema schema, List<String> granted, ObjectNode record) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(SCHEMAS).flatMap(schema -> {
            List<String> fields = new ArrayList<>(schema.fields().keySet());
            List<String> names = new ArrayList<>(fields);
            names.addAll(FOREIGN);
            Arbitrary<List<String>> granted = Arbitraries.of(fields).list().uniqueElements().ofMaxSize(fields.size());
            Arbitrary<ObjectNode> record = Combinators.combine(Arbitraries.of(names), values(2)).as(Map::entry)
                    .list().ofMaxSize(names.size() + 3)
                    .map(entries -> {
                        ObjectNode r = NODES.objectNode();
                        entries.forEach(e -> r.set(e.getKey(), e.getValue()));
                        return r;
                    });
            return Combinators.combine(granted, record).as((g, r) -> new Case(schema, g, r));
        });
    }

    /** Any JSON value: text, numbers, booleans, null, and objects and arrays nested {@code depth} deep. */
    private static Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigDecimals().ofScale(3).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.of("title", "name", "id_number", "x"), values(depth - 1))
                .as(Map::entry).list().ofMaxSize(3).map(entries -> {
                    ObjectNode o = NODES.objectNode();
                    entries.forEach(e -> o.set(e.getKey(), e.getValue()));
                    return o;
                });
        Arbitrary<JsonNode> array = values(depth - 1).list().ofMaxSize(3).map(items -> NODES.arrayNode().addAll(items));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(1, object),
                net.jqwik.api.Tuple.of(1, array));
    }

    @Property(tries = 200)
    void projectionKeepsExactlyTheGrantedFieldsTheRecordHasWithTheirValues(@ForAll("cases") Case c) {
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
    }

    @Property(tries = 150)
    void whereSelectsOnlyRecordsHoldingAListedValueAndNeverWidensWhatIsGranted(@ForAll("cases") Case c,
                                                                               @ForAll("texts") List<String> allowed) {
        String field = c.schema().keyFields().get(0);
        FieldProjection projection = new FieldProjection(c.granted(), Map.of(field, allowed));
        JsonNode value = c.record().get(field);
        assertThat(projection.selects(c.record())).isEqualTo(value != null && allowed.contains(value.asText()));
        assertThat(names(projection.project(c.record()))).isSubsetOf(c.granted());
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return Arbitraries.strings().ofMaxLength(3).list().ofMaxSize(3);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
