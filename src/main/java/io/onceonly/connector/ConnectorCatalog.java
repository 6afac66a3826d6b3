package io.onceonly.connector;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every connector type with a Java side. The types are found with {@link ServiceLoader} (listed in
 * META-INF/services/io.onceonly.connector.ConnectorType) rather than named here, because each type's package uses the
 * source and delivery packages, which use the registry, which asks this catalog: naming them would close that cycle.
 */
public final class ConnectorCatalog {
    private static final ConnectorCatalog STANDARD = new ConnectorCatalog(ServiceLoader
            .load(ConnectorType.class, ConnectorType.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparing(ConnectorType::role).thenComparing(ConnectorType::name)).toList());

    private final List<ConnectorType> types;

    private ConnectorCatalog(List<ConnectorType> types) {
        this.types = types;
    }

    /** The types this hub ships. */
    public static ConnectorCatalog standard() {
        return STANDARD;
    }

    public List<ConnectorType> all() {
        return types;
    }

    public List<ConnectorType> all(ConnectorType.Role role) {
        return types.stream().filter(t -> t.role() == role).toList();
    }

    public Optional<ConnectorType> find(ConnectorType.Role role, String name) {
        return types.stream().filter(t -> t.role() == role && t.name().equals(name)).findFirst();
    }
}
