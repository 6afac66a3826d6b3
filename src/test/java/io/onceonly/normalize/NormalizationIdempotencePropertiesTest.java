package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaField;
import io.onceonly.schema.SharedSchema;
import io.onceonly.source.JsonRecords;
import io.onceonly.testing.Generator;
import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;

/**
 * Normalizing what is already normalized changes nothing: a value, a record of every shared schema, and its content
 * hash. Otherwise a record sent again in the hub's own form (a re-import of an export, a relay from another hub)
 * would be published again as a change, and subscribers would see versions that differ in nothing.
 */
class NormalizationIdempotencePropertiesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<SharedSchema> SCHEMAS = SchemaCatalog.load(Path.of("schemas")).all();

    // ---- one value of each domain type, from messy text --------------------------------------------------------

    /** Pieces department systems write: digits and letters in both widths, separators, date words, spaces. */
    private static Generator<String> messyText() {
        Generator<String> piece = Generators.of("0", "1", "2", "3", "5", "9", "１", "９", "X", "x", "Ｘ", "a", "Z", "-", "/", ".",
                ",", ":", "+", "e", "E", " ", "\u3000", "\u00A0", "\t", "年", "月", "日", "时", "分", "T", "是", "否", "(", "）",
                "86", "138", "021", "2024", "1990", "0305", "12", "31", "320115", "91320115MA1XK3R2TA", "110105194912310029");
        return Generators.joined(piece, 1, 10);
    }

    private static Generator<String> typeNames() {
        return Generators.of(List.copyOf(DomainTypes.names()));
    }

    /** A domain type's name and raw text for it. */
    record Typed(String type, String raw) {
    }

    @Test
    void anyAcceptedValueNormalizesToItselfAsValueAndAsText() {
        Generator<String> types = typeNames();
        Generator<String> texts = messyText();
        PropertyRunner.forAll(2000, random -> new Typed(types.next(random), texts.next(random)), typed -> {
            String type = typed.type();
            String raw = typed.raw();
            DomainType t = DomainTypes.of(type, List.of(), SHANGHAI);
            Object once;
            try {
                once = t.normalize(raw);
            } catch (InvalidValueException rejected) {
                return; // rejected input has no normal form to keep
            }
            if (once == null) {
                return;
            }
            assertThat(normalized(t, once)).as("%s of '%s' normalized again", type, raw).isEqualTo(once);
            assertThat(normalized(t, once.toString())).as("%s of '%s' normalized again from its text", type, raw).isEqualTo(once);
        });
    }

    @Test
    void cleaningTextTwiceIsCleaningItOnce() {
        PropertyRunner.forAll(500, Generators.strings(), s -> {
            assertThat(Text.clean(Text.clean(s) == null ? "" : Text.clean(s))).isEqualTo(Text.clean(s));
            String code = Text.cleanCode(s);
            assertThat(Text.cleanCode(code == null ? "" : code)).isEqualTo(code);
        });
    }

    // ---- whole records of every shared schema ------------------------------------------------------------------

    /** A schema and a raw record for it, each field written the way some department system writes it. */
    record Case(SharedSchema schema, Map<String, Object> raw) {
        @Override
        public String toString() {
            return schema.id() + " " + raw;
        }
    }

    private static Generator<Case> records() {
        return Generators.of(SCHEMAS).flatMap(schema -> {
            List<Generator<Map.Entry<String, Object>>> fields = new ArrayList<>();
            for (SchemaField f : schema.fields().values()) {
                if (!"array".equals(f.type())) { // lists are not mapped from columns
                    fields.add(field(f, schema.document().path("properties").path(f.name())));
                }
            }
            return random -> {
                Map<String, Object> raw = new LinkedHashMap<>();
                fields.stream().map(field -> field.next(random)).filter(e -> e.getValue() != null)
                        .forEach(e -> raw.put(e.getKey(), e.getValue()));
                return new Case(schema, withDependencies(schema, raw));
            };
        });
    }

    /** dependentRequired (blood pressure's two numbers, a position's two coordinates): given together or not at all. */
    private static Map<String, Object> withDependencies(SharedSchema schema, Map<String, Object> raw) {
        schema.document().path("dependentRequired").fields().forEachRemaining(rule -> rule.getValue().forEach(needed -> {
            if (!raw.containsKey(needed.asText())) {
                raw.remove(rule.getKey());
            }
        }));
        return raw;
    }

    @Test
    void aNormalizedRecordMappedAgainIsTheSameRecordWithTheSameHash() {
        PropertyRunner.forAll(400, records(), NormalizationIdempotencePropertiesTest::mapsAgainToTheSameRecord);
    }

    private static void mapsAgainToTheSameRecord(Case c) {
        RecordMapper mapper = identityMapper(c.schema());
        RecordMapper.Result first = mapper.map(c.raw());
        assertThat(first.problems()).as("a well-formed raw record of %s", c.schema().id()).isEmpty();

        // Sent again as JSON, the way a relay or a re-import of the hub's own export would send it.
        byte[] asJson = json(first.mapped().record());
        RecordMapper.Result again = mapper.map(JsonRecords.parse(asJson).get(0));
        assertThat(again.problems()).isEmpty();
        assertThat(again.mapped().record()).isEqualTo(first.mapped().record());
        assertThat(again.mapped().contentHash()).isEqualTo(first.mapped().contentHash());
        assertThat(again.mapped().key()).isEqualTo(first.mapped().key());

        // Sent again as text cells, the way a CSV export read back gives every value.
        Map<String, Object> asText = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = first.mapped().record().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            asText.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        RecordMapper.Result fromText = mapper.map(asText);
        assertThat(fromText.problems()).isEmpty();
        assertThat(fromText.mapped().contentHash()).isEqualTo(first.mapped().contentHash());
    }

    /** Each schema field from the column of the same name, typed as the schema implies: the mapping a relay uses. */
    private static RecordMapper identityMapper(SharedSchema schema) {
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        for (SchemaField f : schema.fields().values()) {
            map.put(f.name(), new FieldMapping(f.name(), null, null, null, null, null, null, null));
        }
        return new RecordMapper(schema, map, SHANGHAI);
    }

    /** One raw value for a schema field within its constraints, or null (left out) for an optional field now and then. */
    private static Generator<Map.Entry<String, Object>> field(SchemaField f, JsonNode p) {
        Generator<Object> value = valueFor(f, p);
        Generator<Object> maybe = f.required() ? value
                : Generators.frequency(Generators.weighted(4, value), Generators.weighted(1, Generators.just(null)));
        return maybe.map(v -> new java.util.AbstractMap.SimpleImmutableEntry<>(f.name(), v));
    }

    private static Generator<Object> valueFor(SchemaField f, JsonNode p) {
        String type = RecordMapper.inferType(f);
        if (p.has("enum")) {
            List<String> values = new ArrayList<>();
            p.path("enum").forEach(v -> values.add(v.asText()));
            return Generators.of(values).flatMap(v -> Generators.of(v, " " + v + " ", fullWidth(v)));
        }
        return switch (type) {
            case "resident-id" -> residentIds();
            case "social-credit-code" -> creditCodes();
            case "division-code" -> {
                Generator<String> province = Generators.of("11", "32", "44", "65");
                Generator<String> rest = Generators.digits(10);
                yield random -> province.next(random) + rest.next(random);
            }
            case "phone" -> phones();
            case "date" -> {
                Generator<LocalDate> dates = Generators.dates(LocalDate.of(1900, 1, 1), LocalDate.of(2100, 12, 31));
                Generator<String> patterns = Generators.of(DomainTypes.DEFAULT_DATE_FORMATS);
                yield random -> dates.next(random).format(pattern(patterns.next(random)));
            }
            case "datetime" -> {
                Generator<LocalDate> dates = Generators.dates(LocalDate.of(1992, 1, 1), LocalDate.of(2100, 12, 31));
                Generator<Integer> seconds = Generators.ints(0, 86_399);
                Generator<String> patterns = Generators.of(DomainTypes.DEFAULT_DATETIME_FORMATS);
                yield random -> LocalDateTime.of(dates.next(random), java.time.LocalTime.ofSecondOfDay(seconds.next(random)))
                        .format(pattern(patterns.next(random)));
            }
            case "integer" -> Generators.longs(p.path("minimum").asLong(0), p.path("maximum").asLong(1_000_000))
                    .flatMap(n -> Generators.<Object>of(n, n.toString(), " " + fullWidth(n.toString())));
            case "number" -> numbers(p);
            default -> strings(p);
        };
    }

    private static Generator<Object> numbers(JsonNode p) {
        BigDecimal min = p.has("exclusiveMinimum") ? p.path("exclusiveMinimum").decimalValue().add(new BigDecimal("0.01"))
                : p.has("minimum") ? p.path("minimum").decimalValue() : BigDecimal.ZERO;
        BigDecimal max = p.has("maximum") ? p.path("maximum").decimalValue() : new BigDecimal("100000000");
        return Generators.bigDecimals(min, max, 2).flatMap(d -> Generators.<Object>of(d, d.toPlainString(),
                d.stripTrailingZeros().toPlainString(), fullWidth(d.toPlainString())));
    }

    private static Generator<Object> strings(JsonNode p) {
        String pattern = p.path("pattern").asText("");
        if (pattern.equals("^[0-9]{2}$")) {
            return Generators.digits(2).map(s -> s);
        }
        if (pattern.startsWith("^[A-T]")) {
            Generator<Character> section = Generators.chars('A', 'T');
            Generator<String> digits = Generators.of("", "12", "123", "1234");
            return random -> section.next(random) + digits.next(random);
        }
        Generator<String> piece = Generators.of("活动", "文化站", "（东山）", "、", "。", "A", "ｂ", "１２", "3", " ", "  ", "\u3000",
                "\u00A0", "\t", "\r\n", "街道", "é", "𠀀");
        // At most 25 characters: within every maxLength of the schemas (the shortest is 32).
        return Generators.joined(piece, 1, 6).map(text -> "站" + text);
    }

    private static Generator<Object> residentIds() {
        Generator<String> region = Generators.of("110105", "320115", "440305", "650102");
        Generator<LocalDate> birth = Generators.dates(LocalDate.of(1900, 1, 1), LocalDate.of(2020, 12, 31));
        Generator<String> sequence = Generators.digits(3);
        Generator<String> ids = random -> {
            String body = region.next(random) + birth.next(random).format(DateTimeFormatter.BASIC_ISO_DATE) + sequence.next(random);
            return body + IdentityCodes.idCheck(body);
        };
        return ids.flatMap(id -> Generators.<Object>of(id, id.toLowerCase(), " " + fullWidth(id)));
    }

    private static Generator<Object> creditCodes() {
        // Registration authority and kind, the 6-digit division code, then the organization code.
        Generator<Character> alphabet = Generators.charsOf(IdentityCodes.CREDIT_ALPHABET);
        Generator<String> letters = Generators.strings(alphabet, 2, 2);
        Generator<String> division = Generators.digits(6);
        Generator<String> organization = Generators.strings(alphabet, 9, 9);
        Generator<String> codes = random -> {
            String body = letters.next(random) + division.next(random) + organization.next(random);
            return body + IdentityCodes.creditCheck(body);
        };
        return codes.flatMap(code -> Generators.<Object>of(code, code.toLowerCase(), fullWidth(code)));
    }

    private static Generator<Object> phones() {
        Generator<String> prefix = Generators.of("+86 ", "0086", "", "");
        Generator<String> head = Generators.of("138", "159", "199");
        Generator<String> eight = Generators.digits(8);
        Generator<String> mobile = random -> prefix.next(random) + head.next(random) + "-" + eight.next(random);
        Generator<String> area = Generators.of("010", "021", "0571", "0991");
        Generator<String> separator = Generators.of("-", " ", "");
        Generator<Integer> first = Generators.ints(2, 9);
        Generator<String> rest = Generators.strings(Generators.chars('0', '9'), 6, 7);
        Generator<String> landline = random -> area.next(random) + separator.next(random) + first.next(random) + rest.next(random);
        return Generators.<Object>oneOf(mobile, landline);
    }

    private static DateTimeFormatter pattern(String pattern) {
        return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"));
    }

    /** Digits and Latin letters as full-width characters, as Chinese input methods type them. */
    private static String fullWidth(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 0x80 ? (char) (c + 0xFEE0) : c);
        }
        return out.toString();
    }

    private static Object normalized(DomainType type, Object value) {
        try {
            return type.normalize(value);
        } catch (InvalidValueException e) {
            throw new AssertionError("normalized value refused when normalized again: " + e.getMessage(), e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
