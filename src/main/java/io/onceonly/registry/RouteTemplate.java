package io.onceonly.registry;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** A connector type's Camel route template in routes/ and the parameters it names. */
public record RouteTemplate(String id, Path file, String description, Map<String, Parameter> parameters) {

    /** Options the hub fills itself; a registration may not set them. */
    public static final Set<String> HUB_PARAMETERS =
            Set.of("source", "subscription", "pipeline", "target", "schemaTopic", "group", "start", "batchSize", "pollTimeout");

    /**
     * One parameter the template names. A connector type's options are declared, secrets and all, in
     * io.onceonly.connector; a template lists them by name only.
     */
    public record Parameter(String name, String defaultValue, String description) {
        public boolean required() {
            return defaultValue == null;
        }
    }

    /** The parameters a registration sets (its connector options); hub-filled ones left out. */
    public Map<String, Parameter> userParameters() {
        Map<String, Parameter> user = new java.util.LinkedHashMap<>(parameters);
        user.keySet().removeAll(HUB_PARAMETERS);
        return user;
    }
}
