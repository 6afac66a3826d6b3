package io.onceonly.normalize;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.onceonly.config.NonZero;
import io.onceonly.config.WhenOmitted;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * How one schema field is filled from a source record: from a column or nested field ({@code from: address.city}),
 * from several joined ({@code template: "{ZDM}-{HDBH}"}), or a constant ({@code const}); optionally one part of a
 * value ({@code split}); then a code list ({@code values}), a domain type with accepted input formats, and a default
 * when the source has no value. Its constraints are checked when a Source is registered (messages "what. fix").
 */
@FieldMapping.OneOrigin(message = "needs exactly one of from, template or const. Take the value from a column "
        + "(from: HDMC), from several joined (template: \"{ZDM}-{HDBH}\") or write a constant (const: lecture).")
public record FieldMapping(
        @WhenOmitted("template or const gives the value") String from,
        @WhenOmitted("from or const gives the value") String template,
        @JsonProperty("const") @WhenOmitted("from or template gives the value") Object constant,
        @Valid @WhenOmitted("the whole value is used") Split split,
        @WhenOmitted("the type the schema field implies: its x-domain-type, else its JSON type and format")
        String type,
        @WhenOmitted("a date or datetime is read in the formats department systems usually emit")
        List<@NotBlank(message = "is blank. Give an input format such as yyyyMMdd, or leave formats out.") String> formats,
        @WhenOmitted("values pass unchanged")
        Map<String, @NotNull(message = "has no code. Give the code this value becomes, for example 演出: performance.") String> values,
        @JsonProperty("default") @WhenOmitted("a field the source leaves empty stays empty") Object defaultValue) {

    /** One part of a value that holds several: {@code split: { by: "-", part: 2 }}; part -1 is the last. */
    public record Split(
            @NotNull(message = "is missing. Give the separator, for example split: { by: \"-\", part: 2 }.")
            @Size(min = 1, message = "is empty. Give the separator, for example split: { by: \"-\", part: 2 }.")
            String by,
            @NotNull(message = "is missing. Give the part to keep: 1 for the first, 2 for the second, -1 for the last.")
            @NonZero(message = "is not a part number. Use 1 for the first part, 2 for the second, -1 for the last.")
            Integer part) {
    }

    public FieldMapping {
        formats = formats == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(formats));
        // The code list keeps the order it was written in: reasons list the codes as the department wrote them.
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** Where the value comes from, as a person reads it in a reject reason. */
    public String origin() {
        if (from != null) {
            return "column " + from;
        }
        return template != null ? "template '" + template + "'" : "constant";
    }

    /** Exactly one of from, template and const is given; the bad value shown is which ones were. */
    @Documented
    @Constraint(validatedBy = OneOriginCheck.class)
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface OneOrigin {
        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Shows the origins that were written (or none) as the bad value, through Hibernate Validator's payload. */
    public static final class OneOriginCheck implements ConstraintValidator<OneOrigin, FieldMapping> {
        @Override
        public boolean isValid(FieldMapping m, ConstraintValidatorContext context) {
            if (m == null) {
                return true;
            }
            List<String> given = new ArrayList<>();
            if (m.from() != null) {
                given.add("from");
            }
            if (m.template() != null) {
                given.add("template");
            }
            if (m.constant() != null) {
                given.add("const");
            }
            if (given.size() == 1) {
                return true;
            }
            if (context instanceof HibernateConstraintValidatorContext hv) {
                hv.withDynamicPayload(given.isEmpty() ? "none" : String.join(", ", given));
            }
            return false;
        }
    }
}
