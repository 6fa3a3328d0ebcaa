package dev.lightbulb.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face {@code config.json} that a llama-family model needs, with the library's
 * defaults for optional ones (num_key_value_heads = num_attention_heads, rope_theta = 10000,
 * rms_norm_eps = 1e-6, tie_word_embeddings = false).
 */
public record HfConfig(String modelType, int hiddenSize, int intermediateSize, int numHiddenLayers,
                       int numAttentionHeads, int numKeyValueHeads, int vocabSize, int maxPositionEmbeddings,
                       double rmsNormEps, double ropeTheta, boolean tieWordEmbeddings, int headDim) {

    public static HfConfig read(Path path) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new LightbulbException(path + ": cannot read config.json: " + Excerpt.message(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) throw new LightbulbException(path + ": not a JSON object");
        int heads = requiredInt(path, root, "num_attention_heads");
        int hidden = requiredInt(path, root, "hidden_size");
        if (!root.hasNonNull("head_dim") && hidden % heads != 0) {
            throw new LightbulbException(path + ": hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads
                    + " (and there is no head_dim)");
        }
        return new HfConfig(
                modelType(path, root),
                hidden,
                requiredInt(path, root, "intermediate_size"),
                requiredInt(path, root, "num_hidden_layers"),
                heads,
                optionalInt(path, root, "num_key_value_heads", heads),
                requiredInt(path, root, "vocab_size"),
                optionalInt(path, root, "max_position_embeddings", 2048),
                optionalDouble(path, root, "rms_norm_eps", 1e-6),
                optionalDouble(path, root, "rope_theta", 10000.0),
                root.path("tie_word_embeddings").asBoolean(false),
                optionalInt(path, root, "head_dim", hidden / heads));
    }

    private static String modelType(Path path, JsonNode root) {
        JsonNode n = root.get("model_type");
        if (n == null || n.isNull()) return "llama";
        if (!n.isTextual()) throw new LightbulbException(path + ": field 'model_type' is " + Excerpt.quote(n.toString()) + ", expected a string");
        return n.asText();
    }

    private static int requiredInt(Path path, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) throw new LightbulbException(path + ": field '" + field + "' is missing");
        return toInt(path, n, field);
    }

    private static int optionalInt(Path path, JsonNode root, String field, int fallback) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? fallback : toInt(path, n, field);
    }

    private static int toInt(Path path, JsonNode n, String field) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new LightbulbException(path + ": field '" + field + "' is " + Excerpt.quote(n.toString()) + ", expected a positive integer");
        }
        return n.asInt();
    }

    private static double optionalDouble(Path path, JsonNode root, String field, double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return fallback;
        if (!n.isNumber()) throw new LightbulbException(path + ": field '" + field + "' is " + Excerpt.quote(n.toString()) + ", expected a number");
        return n.asDouble();
    }
}
