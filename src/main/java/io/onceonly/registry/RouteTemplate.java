package io.onceonly.registry;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** A connector type: a Camel route template in routes/ and the options it declares. */
public record RouteTemplate(String id, Path file, String description, Map<String, Parameter> parameters) {

    /** Options the hub fills itself; a registration may not set them. */
    public static final Set<String> HUB_PARAMETERS =
            Set.of("source", "subscription", "pipeline", "target", "schemaTopic", "group", "start", "batchSize", "pollTimeout");

    /** One declared option: a default makes it optional. */
    public record Parameter(String name, String defaultValue, String description, boolean secret) {
        public boolean required() {
            return defaultValue == null;
        }
    }

    /** The options a registration sets, with their defaults; hub-filled ones left out. */
    public Map<String, Parameter> userParameters() {
        Map<String, Parameter> user = new java.util.LinkedHashMap<>(parameters);
        user.keySet().removeAll(HUB_PARAMETERS);
        return user;
    }
}
