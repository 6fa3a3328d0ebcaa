package dev.lightbulb.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.HfConfig;

/**
 * The shape of a Llama-family transformer (Llama 2/3, Mistral, Qwen2, SmolLM, TinyStories).
 *
 * @param architecture  "llama" or "qwen2" (Mistral-style models are "llama")
 * @param dim           embedding width
 * @param layers        transformer blocks
 * @param heads         query heads
 * @param kvHeads       key/value heads (GQA when fewer than heads)
 * @param headDim       elements per head
 * @param hiddenDim     feed-forward width
 * @param vocabSize     rows of the embedding table
 * @param contextLength longest sequence the model was trained for
 * @param rmsEps        RMSNorm epsilon
 * @param rope          rotary embedding, frequency scaling folded in
 * @param qkvBias       whether Q, K and V projections carry a bias (Qwen2)
 * @param slidingWindow 0, or the attention window
 */
public record ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int hiddenDim,
                          int vocabSize, int contextLength, float rmsEps, RopeSpec rope, boolean qkvBias, int slidingWindow) {

    public ModelConfig {
        if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || hiddenDim <= 0 || vocabSize <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("model dimensions must be positive");
        }
        if (heads % kvHeads != 0) throw new IllegalArgumentException("heads " + heads + " is not a multiple of kv heads " + kvHeads);
    }

    public int queryDim() { return heads * headDim; }

    public int kvDim() { return kvHeads * headDim; }

    /** From GGUF metadata ({@code <arch>.embedding_length} etc.) plus the tensors that carry shape or rope data. */
    public static ModelConfig fromGguf(GgufFile f) {
        String arch = f.getString("general.architecture");
        boolean qwen2 = arch.equals("qwen2");
        if (!arch.equals("llama") && !arch.equals("mistral") && !qwen2) {
            throw new LightbulbException(f.path() + ": general.architecture " + Excerpt.quote(arch) + " is not supported (llama, mistral, qwen2)");
        }
        String p = arch + ".";
        int dim = f.getInt(p + "embedding_length");
        int heads = f.getInt(p + "attention.head_count");
        int kvHeads = f.optInt(p + "attention.head_count_kv", heads);
        int headDim = f.optInt(p + "attention.key_length", dim / heads);
        int vocab = f.contains(p + "vocab_size") ? f.getInt(p + "vocab_size") : (int) f.tensorInfo("token_embd.weight").shape()[1];
        int rotaryDim = f.optInt(p + "rope.dimension_count", headDim);
        double[] inv = RopeScaling.baseInverseFrequencies(rotaryDim, f.optFloat(p + "rope.freq_base", 10000f));
        String scalingType = f.optString(p + "rope.scaling.type", "none");
        if (scalingType.equals("linear")) {
            float factor = f.getFloat(p + "rope.scaling.factor");
            for (int i = 0; i < inv.length; i++) inv[i] /= factor;
        } else if (!scalingType.equals("none")) {
            throw new LightbulbException(f.path() + ": " + p + "rope.scaling.type " + Excerpt.quote(scalingType) + " is not supported (none, linear)");
        }
        if (f.hasTensor("rope_freqs.weight")) {          // Llama 3.1: per-frequency divisors stored as a tensor
            float[] factors = f.tensor("rope_freqs.weight").toFloatArray();
            if (factors.length != inv.length) throw new LightbulbException(f.path() + ": rope_freqs.weight has " + factors.length + " values, expected " + inv.length);
            for (int i = 0; i < inv.length; i++) inv[i] /= factors[i];
        }
        RopeLayout layout = qwen2 ? RopeLayout.NEOX : RopeLayout.NORM;
        return new ModelConfig(qwen2 ? "qwen2" : "llama", dim, f.getInt(p + "block_count"), heads, kvHeads, headDim,
                f.getInt(p + "feed_forward_length"), vocab, f.getInt(p + "context_length"),
                f.optFloat(p + "attention.layer_norm_rms_epsilon", 1e-5f),
                new RopeSpec(layout, rotaryDim, RopeScaling.toFloats(inv)), qwen2, f.optInt(p + "attention.sliding_window", 0));
    }

    /**
     * From a llama2.c checkpoint header (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len):
     * interleaved RoPE with theta 10000 over the whole head, RMSNorm eps 1e-5.
     */
    public static ModelConfig fromLlama2c(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen) {
        int headDim = dim / heads;
        return new ModelConfig("llama", dim, layers, heads, kvHeads, headDim, hiddenDim, Math.abs(vocabSize), seqLen, 1e-5f,
                RopeSpec.standard(RopeLayout.NORM, headDim, 10000), false, 0);
    }

    /**
     * From a Hugging Face {@code config.json} (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM) read by
     * {@link HfConfig}; {@code ropeScaling} is its {@code rope_scaling} object or null. HF checkpoints keep Q/K
     * unpermuted, so RoPE pairs are half-split (NEOX).
     */
    public static ModelConfig fromHf(HfConfig c, JsonNode ropeScaling, String origin) {
        String type = c.modelType();
        boolean qwen2 = type.equals("qwen2");
        if (!type.equals("llama") && !type.equals("mistral") && !qwen2) {
            throw new LightbulbException(origin + ": model_type " + Excerpt.quote(type) + " is not supported (llama, mistral, qwen2)");
        }
        double[] inv = RopeScaling.baseInverseFrequencies(c.headDim(), c.ropeTheta());
        if (ropeScaling != null && !ropeScaling.isNull()) {
            String kind = ropeScaling.has("rope_type") ? ropeScaling.get("rope_type").asText() : ropeScaling.path("type").asText();
            double factor = ropeScaling.path("factor").asDouble(1);
            switch (kind) {
                case "llama3" -> inv = RopeScaling.llama3(inv, factor, ropeScaling.path("low_freq_factor").asDouble(1),
                        ropeScaling.path("high_freq_factor").asDouble(4), ropeScaling.path("original_max_position_embeddings").asInt(8192));
                case "linear" -> { for (int i = 0; i < inv.length; i++) inv[i] /= factor; }
                case "default" -> { }
                default -> throw new LightbulbException(origin + ": rope_scaling type " + Excerpt.quote(kind) + " is not supported (llama3, linear)");
            }
        }
        return new ModelConfig(qwen2 ? "qwen2" : "llama", c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.headDim(), c.intermediateSize(), c.vocabSize(), c.maxPositionEmbeddings(),
                (float) c.rmsNormEps(), new RopeSpec(RopeLayout.NEOX, c.headDim(), RopeScaling.toFloats(inv)), qwen2, 0);
    }
}
