package io.onceonly.normalize;

/** Turns a raw value from a department system into the canonical form of one domain type, or says why it cannot. */
public interface DomainType {
    /** The name used in mappings, for example {@code date}. */
    String name();

    /** The canonical value (String, Long, BigDecimal or Boolean), or null when the raw value is empty. */
    Object normalize(Object raw) throws InvalidValueException;
}
