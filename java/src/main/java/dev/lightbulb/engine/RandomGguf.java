package dev.lightbulb.engine;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.io.GgufValue;
import dev.lightbulb.model.io.GgufValueType;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.GgmlType;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a {@link RandomWeights} model as a GGUF llama file that other engines load too (llama.cpp's llama-bench),
 * so both can be timed on the same bytes. The vocabulary is a placeholder in SentencePiece form: {@code <unk>},
 * {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>..<0xFF>} (llama.cpp needs them for byte fallback),
 * then made-up pieces up to the config's vocabulary size. Speed depends on the shape only, not on the tokens.
 */
public final class RandomGguf {
    private RandomGguf() {}

    private static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, BYTE = 6;   // llama.cpp's token types

    /** Writes the model of {@code config} with weights of {@code type} (seed 1) to {@code path}. */
    public static void write(ModelConfig config, GgmlType type, Path path) {
        if (!config.architecture().equals("llama")) throw new LightbulbException("random GGUF files are llama models, not " + config.architecture());
        RopeSpec llamaRope = RopeSpec.standard(RopeLayout.NORM, config.headDim(), 10000);
        if (config.rope().layout() != RopeLayout.NORM || !Arrays.equals(config.rope().inverseFrequencies(), llamaRope.inverseFrequencies())) {
            throw new LightbulbException("random GGUF files use llama's default RoPE (adjacent pairs, theta 10000)");
        }
        if (config.vocabSize() < 259 + 1) throw new LightbulbException("the vocabulary needs room for 259 special and byte tokens");
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "random " + type)
                .putUInt32("llama.context_length", config.contextLength())
                .putUInt32("llama.embedding_length", config.dim())
                .putUInt32("llama.feed_forward_length", config.hiddenDim())
                .putUInt32("llama.attention.head_count", config.heads())
                .putUInt32("llama.attention.head_count_kv", config.kvHeads())
                .putUInt32("llama.block_count", config.layers())
                .putUInt32("llama.rope.dimension_count", config.headDim())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", config.rmsEps());
        vocabulary(w, config.vocabSize());
        RandomWeights weights = new RandomWeights(config, 1, type);
        for (String name : TensorNames.shapes(config).keySet()) w.addTensor(weights.tensor(name));
        w.write(path);
    }

    private static void vocabulary(GgufWriter w, int size) {
        String[] tokens = new String[size];
        float[] scores = new float[size];
        int[] types = new int[size];
        tokens[0] = "<unk>"; types[0] = UNKNOWN;
        tokens[1] = "<s>"; types[1] = CONTROL;
        tokens[2] = "</s>"; types[2] = CONTROL;
        for (int b = 0; b < 256; b++) {
            tokens[3 + b] = String.format("<0x%02X>", b);
            types[3 + b] = BYTE;
        }
        for (int id = 259; id < size; id++) {
            tokens[id] = "\u2581t" + id;   // SentencePiece's visible space, then a unique name
            types[id] = NORMAL;
            scores[id] = -id;
        }
        w.put("tokenizer.ggml.model", GgufValue.string("llama"))
                .put("tokenizer.ggml.tokens", GgufValue.array(GgufValueType.STRING, tokens))
                .put("tokenizer.ggml.scores", GgufValue.array(GgufValueType.FLOAT32, scores))
                .put("tokenizer.ggml.token_type", GgufValue.array(GgufValueType.INT32, types))
                .putUInt32("tokenizer.ggml.unknown_token_id", 0)
                .putUInt32("tokenizer.ggml.bos_token_id", 1)
                .putUInt32("tokenizer.ggml.eos_token_id", 2);
    }
}
