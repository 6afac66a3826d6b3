package io.onceonly.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared schemas, loaded from {@code schemas/<name>/v<N>.schema.json}; loading refuses the whole catalog when any
 * file has a problem, so the hub never starts half-configured.
 */
public final class SchemaCatalog {
    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,8})\\.schema\\.json");
    /** Directories beside the version files: fixtures, and earlier revisions kept for compatibility checks. */
    private static final List<String> SCHEMA_SUBDIRECTORIES = List.of("examples", "history");

    private final Map<SchemaId, SharedSchema> schemas;

    private SchemaCatalog(Map<SchemaId, SharedSchema> schemas) {
        this.schemas = schemas;
    }

    /**
     * Loads and checks every schema under {@code schemasDir}.
     *
     * @throws SchemaCatalogException listing every problem in every file, each with what to fix
     */
    public static SchemaCatalog load(Path schemasDir) {
        List<String> problems = new ArrayList<>();
        String root = schemasDir.getFileName() == null ? schemasDir.toString() : schemasDir.getFileName().toString();
        if (!Files.isDirectory(schemasDir)) {
            throw new SchemaCatalogException("Schema catalog cannot be loaded", List.of(schemasDir
                    + ": is not a directory. Point the hub at the schemas/ directory of the repository."));
        }
        SchemaFileLoader loader = new SchemaFileLoader();
        Map<SchemaId, SharedSchema> schemas = new TreeMap<>(
                Comparator.comparing(SchemaId::name).thenComparingInt(SchemaId::version));
        Map<String, List<String>> filesById = new LinkedHashMap<>();
        for (Path entry : list(schemasDir, root, problems)) {
            String name = entry.getFileName().toString();
            String where = root + "/" + name;
            if (name.startsWith(".")) {
                continue;
            }
            if (!Files.isDirectory(entry)) {
                if (name.endsWith(".json")) {
                    problems.add(where + ": is not in a schema directory. Move it to " + root
                            + "/<name>/v<N>.schema.json.");
                }
                continue;
            }
            if (!SchemaId.NAME.matcher(name).matches()) {
                problems.add(where + ": is not a valid schema name. Use lowercase words joined by '-', for example "
                        + "'cultural-activity'.");
                continue;
            }
            boolean anyVersion = false;
            for (Path file : list(entry, where, problems)) {
                String fileName = file.getFileName().toString();
                String fileWhere = where + "/" + fileName;
                if (fileName.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(file)) {
                    if (!SCHEMA_SUBDIRECTORIES.contains(fileName)) {
                        problems.add(fileWhere + ": is not a known directory. A schema directory holds "
                                + "v<N>.schema.json files and the directories " + SCHEMA_SUBDIRECTORIES + ".");
                    }
                    continue;
                }
                Matcher m = VERSION_FILE.matcher(fileName);
                if (!m.matches()) {
                    if (fileName.endsWith(".json")) {
                        problems.add(fileWhere + ": file name does not match " + root + "/<name>/v<N>.schema.json. "
                                + "Rename it, for example to " + where + "/v1.schema.json.");
                    }
                    continue;
                }
                anyVersion = true;
                SchemaId id = new SchemaId(name, Integer.parseInt(m.group(1)));
                SchemaFileLoader.Loaded loaded = loader.load(file, fileWhere, id, problems::add);
                if (loaded.declaredId() != null) {
                    filesById.computeIfAbsent(loaded.declaredId(), k -> new ArrayList<>()).add(fileWhere);
                }
                if (loaded.schema() != null) {
                    schemas.put(id, loaded.schema());
                }
            }
            if (!anyVersion) {
                problems.add(where + ": has no schema version. Add " + where + "/v1.schema.json, or remove the "
                        + "directory.");
            }
        }
        filesById.forEach((declaredId, files) -> {
            if (files.size() > 1) {
                problems.add(String.join(" and ", files) + ": duplicate version: each declares \"$id\" '" + declaredId
                        + "'. Each version has one file; give each file the $id of its own version.");
            }
        });
        if (!problems.isEmpty()) {
            throw new SchemaCatalogException("Schema catalog " + schemasDir + " has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "; the hub does not start with it", problems);
        }
        return new SchemaCatalog(java.util.Collections.unmodifiableMap(schemas));
    }

    private static List<Path> list(Path dir, String where, List<String> problems) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            problems.add(where + ": cannot be listed: " + e.getMessage() + ".");
            return List.of();
        }
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
}
