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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaField;
import io.onceonly.schema.SharedSchema;
import io.onceonly.source.JsonRecords;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.time.api.Dates;

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
    @Provide
    Arbitrary<String> messyText() {
        Arbitrary<String> piece = Arbitraries.of("0", "1", "2", "3", "5", "9", "１", "９", "X", "x", "Ｘ", "a", "Z", "-", "/", ".",
                ",", ":", "+", "e", "E", " ", "\u3000", "\u00A0", "\t", "年", "月", "日", "时", "分", "T", "是", "否", "(", "）",
                "86", "138", "021", "2024", "1990", "0305", "12", "31", "320115", "91320115MA1XK3R2TA", "110105194912310029");
        return piece.list().ofMinSize(1).ofMaxSize(10).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> typeNames() {
        return Arbitraries.of(DomainTypes.names());
    }

    @Property(tries = 2000)
    void anyAcceptedValueNormalizesToItselfAsValueAndAsText(@ForAll("typeNames") String type, @ForAll("messyText") String raw) {
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
    }

    @Property(tries = 500)
    void cleaningTextTwiceIsCleaningItOnce(@ForAll String s) {
        assertThat(Text.clean(Text.clean(s) == null ? "" : Text.clean(s))).isEqualTo(Text.clean(s));
        String code = Text.cleanCode(s);
        assertThat(Text.cleanCode(code == null ? "" : code)).isEqualTo(code);
    }

    // ---- whole records of every shared schema ------------------------------------------------------------------

    /** A schema and a raw record for it, each field written the way some department system writes it. */
    record Case(SharedSchema schema, Map<String, Object> raw) {
        @Override
        public String toString() {
            return schema.id() + " " + raw;
        }
    }

    @Provide
    Arbitrary<Case> records() {
        return Arbitraries.of(SCHEMAS).flatMap(schema -> {
            List<Arbitrary<Map.Entry<String, Object>>> fields = new ArrayList<>();
            for (SchemaField f : schema.fields().values()) {
                if (!"array".equals(f.type())) { // lists are not mapped from columns
                    fields.add(field(f, schema.document().path("properties").path(f.name())));
                }
            }
            return Combinators.combine(fields).as(entries -> {
                Map<String, Object> raw = new LinkedHashMap<>();
                entries.stream().filter(e -> e.getValue() != null).forEach(e -> raw.put(e.getKey(), e.getValue()));
                return new Case(schema, withDependencies(schema, raw));
            });
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

    @Property(tries = 400)
    void aNormalizedRecordMappedAgainIsTheSameRecordWithTheSameHash(@ForAll("records") Case c) {
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
    private static Arbitrary<Map.Entry<String, Object>> field(SchemaField f, JsonNode p) {
        Arbitrary<Object> value = valueFor(f, p);
        Arbitrary<Object> maybe = f.required() ? value : Arbitraries.frequencyOf(Tuple.of(4, value), Tuple.of(1, Arbitraries.just(null)));
        return maybe.map(v -> new java.util.AbstractMap.SimpleImmutableEntry<>(f.name(), v));
    }

    private static Arbitrary<Object> valueFor(SchemaField f, JsonNode p) {
        String type = RecordMapper.inferType(f);
        if (p.has("enum")) {
            List<String> values = new ArrayList<>();
            p.path("enum").forEach(v -> values.add(v.asText()));
            return Arbitraries.of(values).flatMap(v -> Arbitraries.of(v, " " + v + " ", fullWidth(v)));
        }
        return switch (type) {
            case "resident-id" -> residentIds();
            case "social-credit-code" -> creditCodes();
            case "division-code" -> Combinators.combine(Arbitraries.of("11", "32", "44", "65"), Arbitraries.strings().numeric().ofLength(10))
                    .as((province, rest) -> province + rest);
            case "phone" -> phones();
            case "date" -> Combinators.combine(Dates.dates().between(LocalDate.of(1900, 1, 1), LocalDate.of(2100, 12, 31)),
                    Arbitraries.of(DomainTypes.DEFAULT_DATE_FORMATS)).as((d, pattern) -> d.format(pattern(pattern)));
            case "datetime" -> Combinators.combine(Dates.dates().between(LocalDate.of(1992, 1, 1), LocalDate.of(2100, 12, 31)),
                    Arbitraries.integers().between(0, 86_399), Arbitraries.of(DomainTypes.DEFAULT_DATETIME_FORMATS))
                    .as((d, second, pattern) -> LocalDateTime.of(d, java.time.LocalTime.ofSecondOfDay(second)).format(pattern(pattern)));
            case "integer" -> Arbitraries.longs().between(p.path("minimum").asLong(0), p.path("maximum").asLong(1_000_000))
                    .flatMap(n -> Arbitraries.of(n, n.toString(), " " + fullWidth(n.toString())));
            case "number" -> numbers(p);
            default -> strings(p);
        };
    }

    private static Arbitrary<Object> numbers(JsonNode p) {
        BigDecimal min = p.has("exclusiveMinimum") ? p.path("exclusiveMinimum").decimalValue().add(new BigDecimal("0.01"))
                : p.has("minimum") ? p.path("minimum").decimalValue() : BigDecimal.ZERO;
        BigDecimal max = p.has("maximum") ? p.path("maximum").decimalValue() : new BigDecimal("100000000");
        return Arbitraries.bigDecimals().between(min, max).ofScale(2)
                .flatMap(d -> Arbitraries.of(d, d.toPlainString(), d.stripTrailingZeros().toPlainString(), fullWidth(d.toPlainString())));
    }

    private static Arbitrary<Object> strings(JsonNode p) {
        String pattern = p.path("pattern").asText("");
        if (pattern.equals("^[0-9]{2}$")) {
            return Arbitraries.strings().numeric().ofLength(2).map(s -> s);
        }
        if (pattern.startsWith("^[A-T]")) {
            return Combinators.combine(Arbitraries.chars().range('A', 'T'), Arbitraries.of("", "12", "123", "1234"))
                    .as((section, digits) -> section + digits);
        }
        Arbitrary<String> piece = Arbitraries.of("活动", "文化站", "（东山）", "、", "。", "A", "ｂ", "１２", "3", " ", "  ", "\u3000",
                "\u00A0", "\t", "\r\n", "街道", "é", "𠀀");
        // At most 25 characters: within every maxLength of the schemas (the shortest is 32).
        return piece.list().ofMinSize(1).ofMaxSize(6).map(parts -> "站" + String.join("", parts));
    }

    private static Arbitrary<Object> residentIds() {
        return Combinators.combine(Arbitraries.of("110105", "320115", "440305", "650102"),
                Dates.dates().between(LocalDate.of(1900, 1, 1), LocalDate.of(2020, 12, 31)),
                Arbitraries.strings().numeric().ofLength(3)).as((region, birth, seq) -> {
                    String body = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + seq;
                    return body + IdentityCodes.idCheck(body);
                }).flatMap(id -> Arbitraries.of(id, id.toLowerCase(), " " + fullWidth(id)));
    }

    private static Arbitrary<Object> creditCodes() {
        // Registration authority and kind, the 6-digit division code, then the organization code.
        Arbitrary<String> letters = Arbitraries.strings().withChars(IdentityCodes.CREDIT_ALPHABET.toCharArray()).ofLength(2);
        Arbitrary<String> organization = Arbitraries.strings().withChars(IdentityCodes.CREDIT_ALPHABET.toCharArray()).ofLength(9);
        return Combinators.combine(letters, Arbitraries.strings().numeric().ofLength(6), organization)
                .as((kind, division, org) -> kind + division + org)
                .map(body -> body + IdentityCodes.creditCheck(body))
                .flatMap(code -> Arbitraries.of(code, code.toLowerCase(), fullWidth(code)));
    }

    private static Arbitrary<Object> phones() {
        Arbitrary<String> mobile = Combinators.combine(Arbitraries.of("+86 ", "0086", "", ""), Arbitraries.of("138", "159", "199"),
                Arbitraries.strings().numeric().ofLength(8)).as((prefix, head, rest) -> prefix + head + "-" + rest);
        Arbitrary<String> landline = Combinators.combine(Arbitraries.of("010", "021", "0571", "0991"), Arbitraries.of("-", " ", ""),
                Arbitraries.integers().between(2, 9), Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(7))
                .as((area, sep, first, rest) -> area + sep + first + rest);
        return Arbitraries.oneOf(mobile, landline).map(s -> s);
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
