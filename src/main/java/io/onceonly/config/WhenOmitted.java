package io.onceonly.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a typed configuration key that may be left out, saying what happens then; a key without it must carry a
 * Bean Validation constraint, so no key is optional by accident.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface WhenOmitted {
    /** What the hub does when the key is not written, for example "every field of the schema". */
    String value();
}
