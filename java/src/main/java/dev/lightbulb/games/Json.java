package dev.lightbulb.games;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON as clembench's Python writes and reads it: NaN is a bare token (json.dump's default). */
public final class Json {
    private Json() {}

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    /** Reads a JSON file; a missing or malformed file is one clear user error naming it. */
    public static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) throw new LightbulbException(file + ": file not found");
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new LightbulbException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    /** Reads a JSON resource shipped with lightbulb (never the shared test data). */
    public static JsonNode resource(String path) {
        try (InputStream in = Json.class.getResourceAsStream(path)) {
            if (in == null) throw new LightbulbException("resource " + path + " is missing from the lightbulb jar");
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new LightbulbException("resource " + path + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code node} to {@code file} atomically (a temporary file of a unique name, then a rename). */
    public static void write(Path file, JsonNode node) {
        OutputFiles.write(file, tmp -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node));
    }

    /** A required field; its absence is a user error naming the file and the field. */
    public static JsonNode field(JsonNode node, String name, String where) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) throw new LightbulbException(where + ": missing field '" + name + "'");
        return v;
    }

    public static String text(JsonNode node, String name, String where) {
        JsonNode v = field(node, name, where);
        if (!v.isTextual()) throw new LightbulbException(where + ": field '" + name + "' must be a string");
        return v.asText();
    }
}
