package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.onceonly.config.Problem;

/**
 * The shared schemas, loaded from {@code schemas/<name>/v<N>.schema.json}; loading refuses the whole catalog when any
 * file has a problem, so the hub never starts half-configured.
 */
public final class SchemaCatalog {
    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,8})\\.schema\\.json");
    private static final Pattern REVISION_FILE = Pattern.compile("v([1-9][0-9]{0,8})\\.r([1-9][0-9]{0,8})\\.schema\\.json");
    private static final String EXAMPLES = "examples";
    private static final String HISTORY = "history";

    private final Map<SchemaId, SharedSchema> schemas;

    private SchemaCatalog(Map<SchemaId, SharedSchema> schemas) {
        this.schemas = schemas;
    }

    /**
     * Loads and checks every schema under {@code schemasDir}, and each against its earlier revisions in
     * {@code <name>/history/} under its compatibility mode.
     *
     * @throws SchemaCatalogException listing every problem in every file, each with what to fix
     */
    public static SchemaCatalog load(Path schemasDir) {
        if (!Files.isDirectory(schemasDir)) {
            throw new SchemaCatalogException("Schema catalog cannot be loaded", List.of(new Problem("",
                    "is not a directory", null, "Point the hub at the schemas/ directory of the repository.")
                    .within(schemasDir.toString())));
        }
        String root = schemasDir.getFileName() == null ? schemasDir.toString() : schemasDir.getFileName().toString();
        Loading loading = new Loading(root);
        for (Path entry : loading.list(schemasDir, root)) {
            String name = entry.getFileName().toString();
            String where = root + "/" + name;
            if (Files.isDirectory(entry)) {
                if (SchemaId.NAME.matcher(name).matches()) {
                    loading.schemaDirectory(entry, name, where);
                } else {
                    loading.problems.add(new Problem("", "is not a valid schema name", null, "Use lowercase words "
                            + "joined by '-', for example 'cultural-activity'.").within(where));
                }
            } else if (name.endsWith(".json")) {
                loading.problems.add(new Problem("", "is not in a schema directory", null, "Move it to " + root
                        + "/<name>/v<N>.schema.json.").within(where));
            }
        }
        loading.filesById.forEach((declaredId, files) -> {
            if (files.size() > 1) {
                loading.problems.add(new Problem("", "duplicate version: each declares \"$id\" '" + declaredId + "'",
                        null, "Each version has one file; give each file the $id of its own version.")
                        .within(String.join(" and ", files)));
            }
        });
        List<Problem> problems = loading.problems;
        if (!problems.isEmpty()) {
            throw new SchemaCatalogException("Schema catalog " + schemasDir + " has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "; the hub does not start with it", problems,
                    loading.breakingChanges);
        }
        return new SchemaCatalog(Collections.unmodifiableMap(loading.schemas));
    }

    public Optional<SharedSchema> find(SchemaId id) {
        return Optional.ofNullable(schemas.get(id));
    }

    /**
     * The schema with this id.
     *
     * @throws IllegalArgumentException naming the known ids when the catalog does not have it
     */
    public SharedSchema get(SchemaId id) {
        SharedSchema schema = schemas.get(id);
        if (schema == null) {
            throw new IllegalArgumentException("Schema '" + id + "' is not in the catalog. Known schemas: "
                    + schemas.keySet().stream().map(SchemaId::toString).toList()
                    + ". Add " + id.name() + "/v" + id.version() + ".schema.json under schemas/, or fix the name.");
        }
        return schema;
    }

    /** Every schema, ordered by name and then version. */
    public List<SharedSchema> all() {
        return List.copyOf(schemas.values());
    }

    /** The state of one load: what was read so far and every problem found. */
    private static final class Loading {
        final String root;
        final SchemaFileLoader loader = new SchemaFileLoader();
        final Map<SchemaId, SharedSchema> schemas = new TreeMap<>(
                Comparator.comparing(SchemaId::name).thenComparingInt(SchemaId::version));
        final Map<String, List<String>> filesById = new LinkedHashMap<>();
        final List<Problem> problems = new ArrayList<>();
        final List<BreakingChange> breakingChanges = new ArrayList<>();

        Loading(String root) {
            this.root = root;
        }

        void schemaDirectory(Path dir, String name, String where) {
            Map<Integer, Path> versions = new TreeMap<>();
            Map<Integer, TreeMap<Integer, Path>> history = new TreeMap<>();
            for (Path file : list(dir, where)) {
                String fileName = file.getFileName().toString();
                String fileWhere = where + "/" + fileName;
                Matcher version = VERSION_FILE.matcher(fileName);
                if (Files.isDirectory(file)) {
                    if (HISTORY.equals(fileName)) {
                        history = history(file, fileWhere);
                    } else if (!EXAMPLES.equals(fileName)) {
                        problems.add(new Problem("", "is not a known directory", null, "A schema directory holds "
                                + "v<N>.schema.json files and the directories " + EXAMPLES + "/ and " + HISTORY
                                + "/.").within(fileWhere));
                    }
                } else if (version.matches()) {
                    versions.put(Integer.parseInt(version.group(1)), file);
                } else if (fileName.endsWith(".json")) {
                    problems.add(new Problem("", "file name does not match " + root + "/<name>/v<N>.schema.json", null,
                            "Rename it, for example to " + where + "/v1.schema.json.").within(fileWhere));
                }
            }
            if (versions.isEmpty()) {
                problems.add(new Problem("", "has no schema version", null, "Add " + where + "/v1.schema.json, or "
                        + "remove the directory.").within(where));
            }
            for (Map.Entry<Integer, Path> entry : versions.entrySet()) {
                SchemaId id = new SchemaId(name, entry.getKey());
                String fileWhere = where + "/" + entry.getValue().getFileName();
                TreeMap<Integer, Path> revisions = history.getOrDefault(entry.getKey(), new TreeMap<>());
                int revision = revisions.isEmpty() ? 1 : revisions.lastKey() + 1;
                SchemaFileLoader.Loaded loaded = loader.load(entry.getValue(), fileWhere, id, revision,
                        problems::add);
                if (loaded.declaredId() != null) {
                    filesById.computeIfAbsent(loaded.declaredId(), k -> new ArrayList<>()).add(fileWhere);
                }
                if (loaded.schema() != null) {
                    if (checkHistory(loaded.schema(), fileWhere, where + "/" + HISTORY, revisions)) {
                        schemas.put(id, loaded.schema());
                    }
                }
            }
            for (Map.Entry<Integer, TreeMap<Integer, Path>> entry : history.entrySet()) {
                if (!versions.containsKey(entry.getKey())) {
                    for (Path file : entry.getValue().values()) {
                        problems.add(new Problem("", "is an earlier revision of v" + entry.getKey() + ", which does "
                                + "not exist", null, "Remove it, or restore " + where + "/v" + entry.getKey()
                                + ".schema.json.").within(where + "/" + HISTORY + "/" + file.getFileName()));
                    }
                }
            }
        }

        /** Earlier revisions, {@code history/v<N>.r<K>.schema.json}, by version and then revision. */
        private Map<Integer, TreeMap<Integer, Path>> history(Path dir, String where) {
            Map<Integer, TreeMap<Integer, Path>> revisions = new TreeMap<>();
            for (Path file : list(dir, where)) {
                String fileName = file.getFileName().toString();
                Matcher m = REVISION_FILE.matcher(fileName);
                if (m.matches() && !Files.isDirectory(file)) {
                    revisions.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>())
                            .put(Integer.parseInt(m.group(2)), file);
                } else if (fileName.endsWith(".json") || Files.isDirectory(file)) {
                    problems.add(new Problem("", "file name does not match " + HISTORY + "/v<N>.r<K>.schema.json "
                            + "(revision K of version N)", null, "Rename it, for example to " + where
                            + "/v1.r1.schema.json.").within(where + "/" + fileName));
                }
            }
            return revisions;
        }

        /**
         * Checks the current file against its earlier revisions under its compatibility mode: the latest one, or
         * every one for a transitive mode. False after reporting problems.
         */
        private boolean checkHistory(SharedSchema schema, String where, String historyWhere,
                TreeMap<Integer, Path> revisions) {
            int before = problems.size();
            Map<Integer, JsonNode> earlier = new TreeMap<>();
            for (Map.Entry<Integer, Path> entry : revisions.entrySet()) {
                String revisionWhere = historyWhere + "/" + entry.getValue().getFileName();
                JsonNode doc = loader.readJson(entry.getValue(), revisionWhere, problems::add);
                if (doc == null || !loader.checkMetaSchema(doc, p -> problems.add(p.within(revisionWhere)))) {
                    continue;
                }
                if (!schema.uri().toString().equals(doc.path("$id").asText())) {
                    problems.add(new Problem("\"$id\"", "is '" + doc.path("$id").asText() + "', not '" + schema.uri()
                            + "'", null, "A revision in history/ keeps the $id of its version; restore the file as it "
                            + "was committed.").within(revisionWhere));
                    continue;
                }
                earlier.put(entry.getKey(), doc);
            }
            if (problems.size() > before || earlier.isEmpty()) {
                return problems.size() == before;
            }
            Compatibility mode = schema.compatibility();
            Map<Integer, JsonNode> checked = mode.transitive() ? earlier
                    : Map.of(revisions.lastKey(), earlier.get(revisions.lastKey()));
            SchemaId id = schema.id();
            String current = id + " r" + schema.revision() + " (current)";
            for (Map.Entry<Integer, JsonNode> entry : new TreeMap<>(checked).entrySet()) {
                String revisionWhere = historyWhere + "/" + revisions.get(entry.getKey()).getFileName();
                for (Incompatibility change : CompatibilityChecker.check(mode, entry.getValue(),
                        id + " r" + entry.getKey(), schema.document(), current)) {
                    breakingChanges.add(new BreakingChange(id, change));
                    problems.add(new Problem("", "breaks " + mode + " compatibility with " + revisionWhere + ": "
                            + change.message(), null, "Undo the change, or publish it as " + id.name() + "/v"
                            + (id.version() + 1) + ", a new major version with its own topic.").within(where));
                }
            }
            return problems.size() == before;
        }

        List<Path> list(Path dir, String where) {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            } catch (IOException e) {
                problems.add(new Problem("", "cannot be listed: " + e.getMessage(), null, "").within(where));
                return List.of();
            }
        }
    }
}
