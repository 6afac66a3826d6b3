package io.onceonly.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

/**
 * The connector types found in routes/: reads each YAML route template's id and the parameters it names, so that a
 * registration of a type without a template is refused before Camel runs anything.
 */
public final class RouteTemplates {
    private final Path dir;
    private final Map<String, RouteTemplate> byId;

    private RouteTemplates(Path dir, Map<String, RouteTemplate> byId) {
        this.dir = dir;
        this.byId = byId;
    }

    public static RouteTemplates load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw ConfigurationException.of("Route templates cannot be loaded", List.of(Problem.of(io.onceonly.config.HubSettingsDefinition.ROUTES_DIR.key(),
                    "is not a folder", dir.toAbsolutePath(), "Set onceonly.home (or ONCEONLY_HOME) to the OnceOnly "
                    + "directory, or onceonly.routes-dir to the folder of route templates.")));
        }
        Map<String, RouteTemplate> templates = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode root;
                try {
                    root = yaml.readTree(file.toFile());
                } catch (IOException e) {
                    problems.add(new Problem(file.toString(), "is not valid YAML", null, e.getMessage()));
                    continue;
                }
                for (JsonNode item : root) {
                    JsonNode t = item.get("routeTemplate");
                    if (t == null) {
                        continue;
                    }
                    String id = t.path("id").asText(null);
                    if (id == null) {
                        problems.add(Problem.missing(file + ": routeTemplate.id", "Give it one such as source-jdbc or sink-http."));
                        continue;
                    }
                    Map<String, RouteTemplate.Parameter> params = new LinkedHashMap<>();
                    for (JsonNode p : t.path("parameters")) {
                        String name = p.path("name").asText();
                        String def = p.has("defaultValue") ? p.get("defaultValue").asText() : null;
                        params.put(name, new RouteTemplate.Parameter(name, def, p.path("description").asText("")));
                    }
                    if (templates.put(id, new RouteTemplate(id, file, t.path("description").asText(""), params)) != null) {
                        problems.add(Problem.of(file + ": routeTemplate.id", "is defined twice", id,
                                "Template ids are unique: rename one of them."));
                    }
                }
            }
        } catch (IOException e) {
            throw ConfigurationException.of("Route templates cannot be loaded", List.of(Problem.of(io.onceonly.config.HubSettingsDefinition.ROUTES_DIR.key(),
                    "cannot be read (" + e.getClass().getSimpleName() + ")", dir, "Check that the hub may read the folder.")));
        }
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Route templates in " + dir + " have problems", problems);
        }
        return new RouteTemplates(dir, templates);
    }

    public Optional<RouteTemplate> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    public Path dir() {
        return dir;
    }
}
