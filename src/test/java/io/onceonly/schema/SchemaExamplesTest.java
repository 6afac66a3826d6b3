package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Every fixture beside the schemas, {@code schemas/<name>/examples/valid-*.json} and {@code invalid-*.json}. */
class SchemaExamplesTest {
    private static final Path SCHEMAS = SchemaFiles.repositorySchemas();
    private static final SchemaCatalog CATALOG = SchemaCatalog.load(SCHEMAS);

    @TestFactory
    Stream<DynamicNode> examplesOfEverySchema() throws IOException {
        List<DynamicNode> containers = new ArrayList<>();
        for (SharedSchema schema : CATALOG.all()) {
            Path examples = SCHEMAS.resolve(schema.id().name()).resolve("examples");
            List<DynamicNode> tests = new ArrayList<>();
            for (Path file : exampleFiles(examples)) {
                String name = file.getFileName().toString();
                if (name.startsWith("valid-")) {
                    tests.add(dynamicTest(name + " is valid", file.toUri(), () -> assertThat(validate(schema, file))
                            .as("violations of %s against %s", name, schema.id()).isEmpty()));
                } else if (name.startsWith("invalid-")) {
                    tests.add(dynamicTest(name + " is refused", file.toUri(), () -> {
                        List<Violation> violations = validate(schema, file);
                        assertThat(violations).as("violations of %s against %s", name, schema.id()).isNotEmpty();
                        assertThat(violations).allSatisfy(v -> assertThat(v.message()).startsWith(
                                (v.field().isEmpty() ? "record" : v.field()) + ": "));
                    }));
                }
            }
            containers.add(DynamicContainer.dynamicContainer(schema.id().toString(), examples.toUri(), tests.stream()));
        }
        return containers.stream();
    }

    private static List<Path> exampleFiles(Path examples) throws IOException {
        if (!Files.isDirectory(examples)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(examples)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static List<Violation> validate(SharedSchema schema, Path file) throws IOException {
        JsonNode record = SchemaFiles.JSON.readTree(file.toFile());
        return schema.validate(record);
    }
}
