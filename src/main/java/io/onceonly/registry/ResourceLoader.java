package io.onceonly.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.onceonly.config.ConfigurationException;
import io.onceonly.normalize.DomainTypes;
import io.onceonly.normalize.FieldMapping;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorCatalog;
import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.ConnectorType;
import io.onceonly.connector.OptionKind;
import io.onceonly.registry.spec.ResourceSpec;
import io.onceonly.registry.spec.SourceSpec;
import io.onceonly.registry.spec.SpecValidator;
import io.onceonly.registry.spec.SpecValidator.Bound;
import io.onceonly.registry.spec.SubscriptionSpec;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaField;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;

/**
 * Reads Source and Subscription resources from YAML files (several per file, separated by {@code ---}), binds each to
 * its typed spec ({@link SpecValidator}: unknown keys, shapes, constraints), then cross-checks what needs the schema
 * catalog and the route templates. Every problem in every file is reported at once, as
 * {@code <where>: <path> <what is wrong>: '<bad value>'. <fix>}, so a department fixes its registration in one round.
 */
public final class ResourceLoader {
    public static final String API_VERSION = ResourceSpec.API_VERSION;
    private static final ConnectorCatalog CONNECTORS = ConnectorCatalog.standard();

    private final SchemaCatalog catalog;
    private final RouteTemplates templates;
    /** Problems of the document being checked, without where it came from. */
    private final List<Problem> problems = new ArrayList<>();

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
            throw ConfigurationException.of("Connectors cannot be loaded", List.of(Problem.of(io.onceonly.config.HubSettingsDefinition.CONNECTORS_DIR.key(),
                    "is not a folder", dir.toAbsolutePath(), "Create it, or set onceonly.connectors-dir "
                    + "(ONCEONLY_CONNECTORS_DIR) to the folder of resources.")));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw ConfigurationException.of("Connectors cannot be loaded", List.of(Problem.of(io.onceonly.config.HubSettingsDefinition.CONNECTORS_DIR.key(),
                    "cannot be read (" + e.getClass().getSimpleName() + ")", dir, "Check that the hub may read the folder.")));
        }
        List<Problem> problems = new ArrayList<>();
        List<ResourceDocument> docs = new ArrayList<>();
        for (Path file : files) {
            docs.addAll(readYaml(file.toString(), file, problems, () -> Files.readAllBytes(file)));
        }
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Registrations have " + problems.size() + " problem(s)", problems);
        }
        return docs;
    }

    /** Reads resource documents sent as YAML or JSON (a request body, a file given to the CLI). */
    public static List<ResourceDocument> parse(String where, byte[] yamlOrJson) {
        List<Problem> problems = new ArrayList<>();
        List<ResourceDocument> docs = readYaml(where, null, problems, () -> yamlOrJson);
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Registrations have " + problems.size() + " problem(s)", problems);
        }
        return docs;
    }

    /** Checks documents as one set: every problem of every document, or the registrations. */
    public static Registrations check(List<ResourceDocument> docs, SchemaCatalog catalog, RouteTemplates templates) {
        Checked checked = checkEach(docs, catalog, templates);
        if (!checked.findings().isEmpty()) {
            List<Problem> all = checked.findings().values().stream().flatMap(List::stream).toList();
            throw ConfigurationException.of("Registrations have " + all.size() + " problem(s)", all);
        }
        return checked.registrations();
    }

    /** Each document checked on its own: the good ones, and the problems of the others by their key. */
    public record Checked(Registrations registrations, Map<String, List<Problem>> findings) {
        /** The problems by key, each rendered with where its document came from. */
        public Map<String, List<String>> problems() {
            Map<String, List<String>> rendered = new LinkedHashMap<>();
            findings.forEach((key, all) -> rendered.put(key, all.stream().map(Problem::render).toList()));
            return rendered;
        }
    }

    public static Checked checkEach(List<ResourceDocument> docs, SchemaCatalog catalog, RouteTemplates templates) {
        List<SourceResource> sources = new ArrayList<>();
        List<SubscriptionResource> subscriptions = new ArrayList<>();
        Map<String, List<Problem>> problems = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (ResourceDocument doc : docs) {
            ResourceLoader loader = new ResourceLoader(catalog, templates);
            String where = doc.where();
            String earlier = seen.putIfAbsent(doc.key(), where);
            if (earlier != null) {
                loader.add(Problem.of("metadata.name", "is already taken", doc.name(), "A " + doc.kind()
                        + " of that name is registered in " + earlier + "; names are unique per kind, rename one."));
            }
            Object resource = loader.checkOne(doc);
            if (!loader.problems.isEmpty()) {
                problems.computeIfAbsent(doc.key(), k -> new ArrayList<>())
                        .addAll(loader.problems.stream().map(p -> in(where, p)).toList());
            } else if (resource instanceof SourceResource s) {
                sources.add(s);
            } else if (resource instanceof SubscriptionResource s) {
                subscriptions.add(s);
            }
        }
        return new Checked(new Registrations(List.copyOf(sources), List.copyOf(subscriptions)), problems);
    }

    private Object checkOne(ResourceDocument resource) {
        Bound<ResourceSpec> bound = SpecValidator.bind(resource.document(), "", ResourceSpec.class);
        add(bound.problems());
        ResourceSpec doc = bound.value();
        if (doc == null || doc.kind() == null || doc.spec() == null) {
            return null;
        }
        return switch (doc.kind()) {
            case "Source" -> source(resource.file(), doc);
            case "Subscription" -> subscription(resource.file(), doc);
            default -> null; // the kind's constraint said so
        };
    }

    private interface Bytes {
        byte[] read() throws IOException;
    }

    /** The problem with where its document came from in front of its path. */
    private static Problem in(String where, Problem p) {
        return new Problem(where + ": " + p.path(), p.what(), p.value(), p.fix());
    }

    private static List<ResourceDocument> readYaml(String name, Path file, List<Problem> problems, Bytes bytes) {
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
            // The parser's whole first line: cut short, it would lose the line and column it names.
            problems.add(new Problem(name + ":", "not valid YAML", firstLine(e.getMessage()), ""));
        }
        List<ResourceDocument> result = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (!docs.get(i).isObject()) {
                problems.add(in(name, new Problem("document " + (i + 1), "is not a resource", null,
                        "Write a mapping with apiVersion, kind, metadata and spec.")));
                continue;
            }
            result.add(new ResourceDocument(docs.size() > 1 ? name + " (document " + (i + 1) + ")" : name, file,
                    (com.fasterxml.jackson.databind.node.ObjectNode) docs.get(i)));
        }
        return result;
    }

    private SourceResource source(Path file, ResourceSpec doc) {
        Bound<SourceSpec> bound = SpecValidator.bind(doc.spec(), "spec", SourceSpec.class);
        add(bound.problems());
        SourceSpec spec = bound.value();
        if (spec == null) {
            return null;
        }
        SharedSchema schema = schema(spec.schema(), bound);
        Connector from = spec.from() == null ? null : connector("spec.from", spec.from(), ConnectorType.Role.SOURCE);
        if (spec.map() != null) {
            spec.map().forEach((field, mapping) -> {
                String path = "spec.map." + field;
                if (schema != null && !schema.fields().containsKey(field)) {
                    add(Problem.unknownKey(path, "is not a field of schema " + schema.id(), field,
                            schema.fields().keySet()));
                }
                if (mapping != null) {
                    domainType(path, mapping, schema == null ? null : schema.fields().get(field));
                }
            });
            if (schema != null) {
                for (String required : schema.required()) {
                    if (!spec.map().containsKey(required)) {
                        add(Problem.missing("spec.map." + required, "Schema " + schema.id() + " requires it; add "
                                + required + ": { from: <column> }."));
                    }
                }
            }
        }
        if (!problems.isEmpty() || doc.metadata() == null || schema == null || from == null) {
            return null;
        }
        return new SourceResource(file, metadata(doc), schema.id(), from.type(), from.options(),
                new LinkedHashMap<>(spec.map()));
    }

    /**
     * Checks that need the domain types: the type's name, and formats only where a date is read. Without a type the
     * schema field's implied one counts, as it will when the source runs; unknown without the schema field.
     */
    private void domainType(String path, FieldMapping mapping, SchemaField schemaField) {
        String type = mapping.type() != null ? mapping.type()
                : schemaField != null ? RecordMapper.inferType(schemaField) : null;
        List<String> formats = mapping.formats();
        if (type == null) {
            return;
        }
        if (!DomainTypes.names().contains(type)) {
            if (mapping.type() != null) { // an implied one is the schema's to fix, and the schema check says so
                add(Problem.of(path + ".type", "is not a domain type", type,
                        fixFor(type, DomainTypes.names(), "Use one of")));
            }
            return;
        }
        if (!formats.isEmpty() && !type.equals("date") && !type.equals("datetime")) {
            add(Problem.of(path + ".formats", "apply to date and datetime only, not to " + type, formats,
                    "Remove formats, or use type: date or type: datetime."));
            return;
        }
        for (int i = 0; i < formats.size(); i++) {
            String format = formats.get(i);
            if (format == null || format.isBlank()) {
                continue; // reported by the formats constraint
            }
            try {
                DomainTypes.of(type, List.of(format), ZoneOffset.UTC); // whether a pattern parses does not depend on the zone
            } catch (IllegalArgumentException e) {
                add(Problem.of(path + ".formats[" + i + "]", "is not a date pattern", format,
                        "Write one with yyyy, MM, dd, HH, mm and ss, for example yyyyMMdd or yyyy-MM-dd HH:mm:ss."));
            }
        }
    }

    private SubscriptionResource subscription(Path file, ResourceSpec doc) {
        Bound<SubscriptionSpec> bound = SpecValidator.bind(doc.spec(), "spec", SubscriptionSpec.class);
        add(bound.problems());
        SubscriptionSpec spec = bound.value();
        if (spec == null) {
            return null;
        }
        SharedSchema schema = schema(spec.schema(), bound);
        List<String> fields = spec.fields() == null ? new ArrayList<>() : new ArrayList<>(spec.fields());
        Map<String, List<String>> where = spec.where() == null ? Map.of() : spec.where();
        if (schema != null && !bound.reported("spec.fields")) {
            for (int i = 0; i < fields.size(); i++) {
                String f = fields.get(i);
                if (!schema.fields().containsKey(f)) {
                    add(Problem.of("spec.fields[" + i + "]", "is not a field of schema " + schema.id(), f,
                            fixFor(f, schema.fields().keySet(), "Use one of")));
                }
            }
            if (fields.isEmpty()) {
                fields.addAll(schema.fields().keySet());
            }
            for (String key : schema.keyFields()) {
                if (!fields.contains(key)) {
                    add(Problem.of("spec.fields", "leaves out the key field " + key, spec.fields(), "A subscriber "
                            + "needs the key to update records instead of duplicating them; add " + key + "."));
                }
            }
        }
        if (schema != null) {
            for (String field : where.keySet()) {
                if (!schema.fields().containsKey(field)) {
                    add(Problem.unknownKey("spec.where." + field, "is not a field of schema " + schema.id(), field,
                            schema.fields().keySet()));
                }
            }
        }
        Connector to = spec.to() == null ? null : connector("spec.to", spec.to(), ConnectorType.Role.SINK);
        if (!problems.isEmpty() || doc.metadata() == null || schema == null || to == null) {
            return null;
        }
        SubscriptionResource.Start start = spec.start() == null ? SubscriptionResource.Start.EARLIEST
                : SubscriptionResource.Start.valueOf(spec.start().toUpperCase(Locale.ROOT));
        Map<String, List<String>> selection = new LinkedHashMap<>();
        where.forEach((field, values) -> selection.put(field, List.copyOf(values)));
        return new SubscriptionResource(file, metadata(doc), schema.id(), List.copyOf(fields), selection, start,
                to.type(), to.options());
    }

    private static ResourceMetadata metadata(ResourceSpec doc) {
        return new ResourceMetadata(doc.metadata().name(), doc.metadata().department());
    }

    /** The schema a spec names, if it is in the catalog; null when not (or when its id was already reported). */
    private SharedSchema schema(String text, Bound<?> bound) {
        if (text == null || bound.reported("spec.schema")) {
            return null;
        }
        Optional<SharedSchema> schema = catalog.find(SchemaId.parse(text));
        if (schema.isEmpty()) {
            add(Problem.of("spec.schema", "is not in the schema catalog", text, "Known schemas: "
                    + catalog.all().stream().map(s -> s.id().toString()).toList() + "; a new one is added under schemas/."));
        }
        return schema.orElse(null);
    }

    /** A connector's type and options, the defaults of its declaration filled in. */
    private record Connector(String type, Map<String, String> options) {
    }

    /**
     * The connector's options, checked against its type's declaration (io.onceonly.connector): every option known,
     * of its type, secrets only as references, and the type's own checks; null if any is wrong.
     */
    private Connector connector(String path, Map<String, JsonNode> node, ConnectorType.Role role) {
        String templatePrefix = role.templatePrefix();
        String roleName = role.name().toLowerCase(Locale.ROOT);
        List<String> types = templates.ids().stream().filter(id -> id.startsWith(templatePrefix))
                .map(id -> id.substring(templatePrefix.length())).toList();
        String typesFix = "Use one of " + String.join(", ", types) + ": each is a route template " + templatePrefix
                + "<type> in " + templates.dir() + ".";
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            add(Problem.missing(path + ".type", "Name the " + roleName + " type. " + typesFix));
            return null;
        }
        String type = typeNode.asText();
        Optional<RouteTemplate> template = typeNode.isValueNode() ? templates.find(templatePrefix + type) : Optional.empty();
        if (template.isEmpty()) {
            String guess = Problem.closest(type, types);
            add(Problem.of(path + ".type", "is not a " + roleName + " type", typeNode.isValueNode() ? type : "{…}",
                    (guess == null ? "" : "Did you mean " + guess + "? ") + typesFix));
            return null;
        }
        Optional<ConnectorType> declared = CONNECTORS.find(role, type);
        if (declared.isEmpty()) {
            // A template alone cannot run: the hub builds each type's reader or sink in Java.
            add(Problem.of(path + ".type", "has a route template but no Java side", type, "Route template "
                    + templatePrefix + type + " in " + templates.dir() + " needs a connector type in io.onceonly.connector "
                    + "before it can run; until then use one of " + String.join(", ", CONNECTORS.all(role).stream()
                    .map(ConnectorType::name).toList()) + "."));
            return null;
        }
        ConnectorType connector = declared.get();
        int before = problems.size();
        Map<String, ConnectorOption> options = new LinkedHashMap<>();
        connector.options().forEach(o -> options.put(o.name(), o));
        Map<String, String> written = new LinkedHashMap<>();
        node.forEach((key, value) -> {
            if (key.equals("type")) {
                return;
            }
            String at = path + "." + key;
            ConnectorOption p = options.get(key);
            if (p == null) {
                add(Problem.unknownKey(at, "is not an option of connector type '" + type + "'", key, options.keySet()));
            } else if (value == null || value.isNull()) {
                add(Problem.of(at, "has no value", null, p.required() ? "Give it one: " + p.description()
                        : "Give it one, or leave it out for its default '" + p.defaultValue() + "'."));
            } else if (!value.isValueNode()) {
                String shown = value.isArray() ? "[…]" : "{…}";
                add(p.secret() ? Problem.secret(at, "is not a single value", "Write one value: " + p.description())
                        : Problem.of(at, "is not a single value", shown, "Write one value: " + p.description()));
            } else {
                String text = value.asText();
                if (p.secret() || p.kind() == OptionKind.CAMEL_URI) {
                    p.check(at, text).ifPresent(this::add); // in the order written, whatever else is wrong
                }
                written.put(key, text);
            }
        });
        for (ConnectorOption p : options.values()) {
            if (p.required() && !node.containsKey(p.name())) {
                add(Problem.missing(path + "." + p.name(), capitalized(roleName) + " type '" + type + "' needs it: "
                        + p.description()));
            }
        }
        // An option already reported above is not reported again.
        List<String> reported = problems.subList(before, problems.size()).stream().map(Problem::path).toList();
        for (Problem p : connector.validate(path, written)) {
            if (!reported.contains(p.path())) {
                add(p);
            }
        }
        return problems.size() == before ? new Connector(type, ConnectorOptions.of(connector, written).values()) : null;
    }

    private static String fixFor(String value, java.util.Collection<String> known, String listedAs) {
        String guess = Problem.closest(value, known);
        return (guess == null ? "" : "Did you mean " + guess + "? ") + listedAs + " " + String.join(", ", known) + ".";
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void add(Problem problem) {
        problems.add(problem);
    }

    private void add(List<Problem> all) {
        all.forEach(this::add);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
