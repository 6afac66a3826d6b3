package io.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds schema files for tests: the repository's catalog, and small schemas written to a temporary directory. */
final class SchemaFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private SchemaFiles() {
    }

    /** The repository's {@code schemas/} directory, found from the Maven basedir. */
    static Path repositorySchemas() {
        return Path.of(System.getProperty("basedir", ".")).resolve("schemas");
    }

    /** A small valid schema {@code <name>/v<version>} that tests change one thing at a time. */
    static ObjectNode minimal(String name, int version) {
        return (ObjectNode) json("""
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": "https://onceonly.io/schemas/%s/v%d",
                  "title": "Test record / 测试记录",
                  "description": "A record for tests. / 测试用记录。",
                  "type": "object",
                  "x-key": ["record_id"],
                  "x-owner": "township",
                  "additionalProperties": false,
                  "required": ["record_id", "name"],
                  "properties": {
                    "record_id": {"type": "string", "title": "Record ID / 记录编号",
                                  "description": "Identifier. / 编号。", "x-sensitivity": "internal"},
                    "name": {"type": "string", "maxLength": 20, "title": "Name / 姓名",
                             "description": "Person's name. / 姓名。", "x-sensitivity": "personal"},
                    "count": {"type": "integer", "minimum": 0, "title": "Count / 数量",
                              "description": "How many. / 数量。", "x-sensitivity": "public"}
                  }
                }
                """.formatted(name, version));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String relative, JsonNode content) {
        return write(dir, relative, content.toPrettyString());
    }

    static Path write(Path dir, String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
