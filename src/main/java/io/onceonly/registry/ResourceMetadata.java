package io.onceonly.registry;

/** Who a resource belongs to: its unique name and the department that registered it. */
public record ResourceMetadata(String name, String department) {
}
