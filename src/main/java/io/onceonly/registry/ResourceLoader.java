package io.onceonly.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.onceonly.config.ConfigurationException;
import io.onceonly.normalize.DomainTypes;
import io.onceonly.normalize.FieldMapping;
import io.onceonly.source.SourceConnectors;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaField;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;

/**
 * Reads Source and Subscription resources from YAML files (several per file, separated by {@code ---}) and checks
 * each against the schema catalog and the route templates. Every problem in every file is reported at once, as
 * {@code file: path: problem}, so a department fixes its registration in one round.
 */
public final class ResourceLoader {
    public static final String API_VERSION = "onceonly.io/v1";
    private static final String NAME_RULE = "[a-z0-9]+([.-][a-z0-9]+)*";
    /**
     * A secret given as an HTTP auth scheme and one reference, "Bearer {{env:API_TOKEN}}": the scheme is no secret,
     * and nothing but the reference may follow it, so no part of the secret itself can be written in clear text.
     */
    private static final java.util.regex.Pattern SCHEME_AND_REFERENCE =
            java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]* \\{\\{[^{}]+}}");

    private final SchemaCatalog catalog;
    private final RouteTemplates templates;
    private final ObjectMapper strict = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final List<String> problems = new ArrayList<>();

    private ResourceLoader(SchemaCatalog catalog, RouteTemplates templates) {
        this.catalog = catalog;
        this.templates = templates;
    }

    /** Loads every {@code *.yaml} file directly in {@code dir}. */
    public static Registrations load(Path dir, SchemaCatalog catalog, RouteTemplates templates) {
        return check(read(dir), catalog, templates);
    }

    /** The resource documents of every {@code *.yaml} file directly in {@code dir}, not yet checked. */
    public static List<ResourceDocument> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("Connectors folder " + dir.toAbsolutePath()
                    + " does not exist. Create it, or set onceonly.connectors-dir (ONCEONLY_CONNECTORS_DIR).");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigurationException("Connectors folder " + dir + " cannot be read: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<ResourceDocument> docs = new ArrayList<>();
        for (Path file : files) {
            docs.addAll(readYaml(file.toString(), file, problems, () -> Files.readAllBytes(file)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Registrations have " + problems.size() + " problem(s)", problems);
        }
        return docs;
    }

    /** Reads resource documents sent as YAML or JSON (a request body, a file given to the CLI). */
    public static List<ResourceDocument> parse(String where, byte[] yamlOrJson) {
        List<String> problems = new ArrayList<>();
        List<ResourceDocument> docs = readYaml(where, null, problems, () -> yamlOrJson);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Registrations have " + problems.size() + " problem(s)", problems);
        }
        return docs;
    }

    /** Checks documents as one set: every problem of every document, or the registrations. */
    public static Registrations check(List<ResourceDocument> docs, SchemaCatalog catalog, RouteTemplates templates) {
        Checked checked = checkEach(docs, catalog, templates);
        if (!checked.problems().isEmpty()) {
            List<String> all = checked.problems().values().stream().flatMap(List::stream).toList();
            throw new ConfigurationException("Registrations have " + all.size() + " problem(s)", all);
        }
        return checked.registrations();
    }

    /** Each document checked on its own: the good ones, and the problems of the others by their key. */
    public record Checked(Registrations registrations, Map<String, List<String>> problems) {
    }

    public static Checked checkEach(List<ResourceDocument> docs, SchemaCatalog catalog, RouteTemplates templates) {
        List<SourceResource> sources = new ArrayList<>();
        List<SubscriptionResource> subscriptions = new ArrayList<>();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (ResourceDocument doc : docs) {
            ResourceLoader loader = new ResourceLoader(catalog, templates);
            String where = doc.where();
            String earlier = seen.putIfAbsent(doc.key(), where);
            if (earlier != null) {
                loader.problem(where, "metadata.name", "'" + doc.name() + "' is already registered as a " + doc.kind()
                        + " in " + earlier + ". Names are unique per kind.");
            }
            Object resource = loader.checkOne(doc);
            if (!loader.problems.isEmpty()) {
                problems.computeIfAbsent(doc.key(), k -> new ArrayList<>()).addAll(loader.problems);
            } else if (resource instanceof SourceResource s) {
                sources.add(s);
            } else if (resource instanceof SubscriptionResource s) {
                subscriptions.add(s);
            }
        }
        return new Checked(new Registrations(List.copyOf(sources), List.copyOf(subscriptions)), problems);
    }

    private Object checkOne(ResourceDocument resource) {
        JsonNode doc = resource.document();
        String where = resource.where();
        String kind = doc.path("kind").asText("");
        ResourceMetadata metadata = metadata(where, doc);
        if (!API_VERSION.equals(doc.path("apiVersion").asText())) {
            problem(where, "apiVersion", "is '" + doc.path("apiVersion").asText("") + "'. Use " + API_VERSION + ".");
        }
        checkTopLevel(where, doc);
        return switch (kind) {
            case "Source" -> source(resource.file(), where, metadata, doc.path("spec")).orElse(null);
            case "Subscription" -> subscription(resource.file(), where, metadata, doc.path("spec")).orElse(null);
            default -> {
                problem(where, "kind", "is '" + kind + "'. Use Source or Subscription.");
                yield null;
            }
        };
    }

    private interface Bytes {
        byte[] read() throws IOException;
    }

    private static List<ResourceDocument> readYaml(String name, Path file, List<String> problems, Bytes bytes) {
        List<JsonNode> docs = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        try (JsonParser parser = yaml.getFactory().createParser(bytes.read());
             MappingIterator<JsonNode> it = yaml.readValues(parser, JsonNode.class)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(name + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        List<ResourceDocument> result = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (!docs.get(i).isObject()) {
                problems.add(name + ": document " + (i + 1) + " is not a resource (apiVersion, kind, metadata, spec).");
                continue;
            }
            result.add(new ResourceDocument(docs.size() > 1 ? name + " (document " + (i + 1) + ")" : name, file,
                    (com.fasterxml.jackson.databind.node.ObjectNode) docs.get(i)));
        }
        return result;
    }

    private void checkTopLevel(String where, JsonNode doc) {
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("apiVersion", "kind", "metadata", "spec").contains(f)) {
                problem(where, f, "is not a resource field. A resource has apiVersion, kind, metadata and spec.");
            }
        }
    }

    private ResourceMetadata metadata(String where, JsonNode doc) {
        JsonNode m = doc.path("metadata");
        String name = m.path("name").asText(null);
        String department = m.path("department").asText(null);
        boolean ok = true;
        if (name == null || !name.matches(NAME_RULE)) {
            problem(where, "metadata.name", "is '" + name + "'. Use lower-case letters, digits, '.' and '-', "
                    + "for example township-a.activities.");
            ok = false;
        }
        if (department == null || !department.matches(NAME_RULE)) {
            problem(where, "metadata.department", "is '" + department + "'. Name the department that owns this "
                    + "registration in lower-case letters, digits, '.' and '-', for example culture-bureau.");
            ok = false;
        }
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("name") && !f.equals("department")) {
                problem(where, "metadata." + f, "is not a metadata field. Metadata has name and department.");
            }
        }
        return ok ? new ResourceMetadata(name, department) : null;
    }

    private Optional<SourceResource> source(Path file, String where, ResourceMetadata metadata, JsonNode spec) {
        allowOnly(where, "spec", spec, List.of("schema", "from", "map"));
        SharedSchema schema = schema(where, spec);
        JsonNode from = spec.path("from");
        String type = from.path("type").asText(null);
        Map<String, String> options = connectorOptions(where, "spec.from", from, "source-");
        LinkedHashMap<String, FieldMapping> map = new LinkedHashMap<>();
        JsonNode mapNode = spec.path("map");
        if (!mapNode.isObject()) {
            problem(where, "spec.map", "is missing. List every schema field this source fills, for example "
                    + "activity_date: { from: HDRQ, type: date, formats: [yyyyMMdd] }.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = mapNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "spec.map." + e.getKey();
            FieldMapping mapping = fieldMapping(where, path, e.getValue());
            if (mapping == null) {
                continue;
            }
            map.put(e.getKey(), mapping);
            if (schema != null && !schema.fields().containsKey(e.getKey())) {
                problem(where, path, "is not a field of schema " + schema.id() + ". Its fields are "
                        + schema.fields().keySet() + ".");
            }
        }
        if (schema != null && mapNode.isObject()) {
            for (String required : schema.required()) {
                if (!map.containsKey(required)) {
                    problem(where, "spec.map", "does not fill '" + required + "', which schema " + schema.id()
                            + " requires. Add " + required + ": { from: <column> }.");
                }
            }
        }
        if (schema == null || metadata == null || options == null) {
            return Optional.empty();
        }
        return Optional.of(new SourceResource(file, metadata, schema.id(), type, options, map));
    }

    private FieldMapping fieldMapping(String where, String path, JsonNode node) {
        FieldMapping mapping;
        try {
            mapping = strict.treeToValue(node, FieldMapping.class);
        } catch (UnrecognizedPropertyException e) {
            problem(where, path + "." + e.getPropertyName(), "is not a mapping option. Options are from, template, "
                    + "const, split, type, formats, values and default.");
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problem(where, path, "cannot be read: " + firstLine(e.getOriginalMessage()));
            return null;
        }
        int origins = (mapping.from() != null ? 1 : 0) + (mapping.template() != null ? 1 : 0) + (mapping.constant() != null ? 1 : 0);
        if (origins != 1) {
            problem(where, path, "needs exactly one of from (a column), template (\"{COL1}-{COL2}\") or const.");
        }
        if (mapping.split() != null && (mapping.split().by() == null || mapping.split().by().isEmpty()
                || mapping.split().part() == 0)) {
            problem(where, path + ".split", "needs by (the separator) and part (1 for the first, -1 for the last), "
                    + "for example { by: \"-\", part: 2 }.");
        }
        if (mapping.type() != null) {
            try {
                DomainTypes.of(mapping.type(), mapping.formats(), ZoneId.of("Asia/Shanghai"));
            } catch (IllegalArgumentException e) {
                problem(where, path + ".type", e.getMessage());
            }
        }
        return mapping;
    }

    private Optional<SubscriptionResource> subscription(Path file, String where, ResourceMetadata metadata, JsonNode spec) {
        allowOnly(where, "spec", spec, List.of("schema", "fields", "where", "start", "to"));
        SharedSchema schema = schema(where, spec);
        List<String> fields = new ArrayList<>();
        spec.path("fields").forEach(f -> fields.add(f.asText()));
        if (schema != null) {
            if (fields.isEmpty()) {
                fields.addAll(schema.fields().keySet());
            }
            for (String f : fields) {
                if (!schema.fields().containsKey(f)) {
                    problem(where, "spec.fields", "'" + f + "' is not a field of schema " + schema.id()
                            + ". Its fields are " + schema.fields().keySet() + ".");
                }
            }
            for (String key : schema.keyFields()) {
                if (!fields.contains(key)) {
                    problem(where, "spec.fields", "leaves out the key field '" + key + "'. A subscriber needs the key to "
                            + "update records instead of duplicating them; add it.");
                }
            }
        }
        Map<String, List<String>> selection = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("where").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> condition = it.next();
            List<String> values = new ArrayList<>();
            if (condition.getValue().isArray()) {
                condition.getValue().forEach(v -> values.add(v.asText()));
            } else if (condition.getValue().isValueNode()) {
                values.add(condition.getValue().asText());
            }
            if (values.isEmpty()) {
                problem(where, "spec.where." + condition.getKey(), "needs a value or a list of values, for example "
                        + "category: [performance, festival].");
            }
            if (schema != null && !schema.fields().containsKey(condition.getKey())) {
                problem(where, "spec.where." + condition.getKey(), "is not a field of schema " + schema.id()
                        + ". Its fields are " + schema.fields().keySet() + ".");
            }
            selection.put(condition.getKey(), List.copyOf(values));
        }
        String startText = spec.path("start").asText("earliest");
        SubscriptionResource.Start start = null;
        try {
            start = SubscriptionResource.Start.valueOf(startText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(where, "spec.start", "is '" + startText + "'. Use earliest (first receive everything already shared) or latest.");
        }
        JsonNode to = spec.path("to");
        Map<String, String> options = connectorOptions(where, "spec.to", to, "sink-");
        if (schema == null || metadata == null || options == null || start == null) {
            return Optional.empty();
        }
        return Optional.of(new SubscriptionResource(file, metadata, schema.id(), List.copyOf(fields), selection, start,
                to.path("type").asText(), options));
    }

    private SharedSchema schema(String where, JsonNode spec) {
        String text = spec.path("schema").asText(null);
        if (text == null) {
            problem(where, "spec.schema", "is missing. Name a shared schema such as cultural-activity/v1.");
            return null;
        }
        try {
            SchemaId id = SchemaId.parse(text);
            Optional<SharedSchema> schema = catalog.find(id);
            if (schema.isEmpty()) {
                problem(where, "spec.schema", "'" + text + "' is not in the schema catalog. Known schemas: "
                        + catalog.all().stream().map(s -> s.id().toString()).toList() + ".");
            }
            return schema.orElse(null);
        } catch (IllegalArgumentException e) {
            problem(where, "spec.schema", e.getMessage());
            return null;
        }
    }

    /** The connector's options, checked against the parameters its route template declares. */
    private Map<String, String> connectorOptions(String where, String path, JsonNode node, String templatePrefix) {
        String type = node.path("type").asText(null);
        if (type == null) {
            problem(where, path + ".type", "is missing. Connector types are the templates in " + templates.dir()
                    + ": " + templates.ids() + ".");
            return null;
        }
        Optional<RouteTemplate> template = templates.find(templatePrefix + type);
        if (template.isEmpty()) {
            problem(where, path + ".type", "'" + type + "' has no route template " + templatePrefix + type + " in "
                    + templates.dir() + ". Known templates: " + templates.ids() + ".");
            return null;
        }
        Map<String, RouteTemplate.Parameter> declared = template.get().userParameters();
        Map<String, String> options = new LinkedHashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("type")) {
                continue;
            }
            RouteTemplate.Parameter p = declared.get(e.getKey());
            if (p == null) {
                problem(where, path + "." + e.getKey(), "is not an option of connector type '" + type + "'. Its options are "
                        + declared.keySet() + ".");
                ok = false;
            } else if (!e.getValue().isValueNode()) {
                problem(where, path + "." + e.getKey(), "must be a single value.");
                ok = false;
            } else {
                String value = e.getValue().asText();
                if (p.secret() && !value.isEmpty() && !value.startsWith("{{") && !SCHEME_AND_REFERENCE.matcher(value).matches()) {
                    problem(where, path + "." + e.getKey(), "is a secret written in clear text. Reference it instead, "
                            + "for example \"{{env:CULTURE_DB_PASSWORD}}\" (an auth scheme may come first: "
                            + "\"Bearer {{env:API_TOKEN}}\"), so it never lands in git or logs.");
                    ok = false;
                }
                options.put(e.getKey(), value);
            }
        }
        for (RouteTemplate.Parameter p : declared.values()) {
            if (p.required() && !options.containsKey(p.name())) {
                problem(where, path + "." + p.name(), "is missing; connector type '" + type + "' needs it: " + p.description());
                ok = false;
            }
            if (!options.containsKey(p.name()) && p.defaultValue() != null) {
                options.put(p.name(), p.defaultValue());
            }
        }
        if (templatePrefix.equals("source-")) {
            // Checks only a connector type's Java side can make (column names, modes), now rather than at start.
            List<String> typeProblems = SourceConnectors.problems(type, options);
            typeProblems.forEach(p -> problems.add(where + ": " + p));
            ok &= typeProblems.isEmpty();
        }
        return ok ? options : null;
    }

    private void allowOnly(String where, String path, JsonNode node, List<String> allowed) {
        if (!node.isObject()) {
            problem(where, path, "is missing or not a mapping.");
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                problem(where, path + "." + f, "is not a field here. Allowed: " + allowed + ".");
            }
        }
    }

    private void problem(String where, String path, String what) {
        problems.add(where + ": " + path + " " + what);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
