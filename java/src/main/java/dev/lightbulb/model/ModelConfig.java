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
 * @param architecture  the {@link Architecture#name()} of its family, e.g. "llama" or "qwen2" (Mistral is "llama")
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

    /** This config with another context length (a run that reads longer prompts than the model was trained on). */
    public ModelConfig withContextLength(int context) {
        return new ModelConfig(architecture, dim, layers, heads, kvHeads, headDim, hiddenDim, vocabSize, context, rmsEps, rope,
                qkvBias, slidingWindow);
    }

    /**
     * From GGUF metadata ({@code <arch>.embedding_length} etc.) plus the tensors that carry shape or rope data. Every
     * value is checked (see {@link ShapeChecks}) before anything is computed from it.
     */
    public static ModelConfig fromGguf(GgufFile f) {
        String origin = f.path().toString();
        String arch = f.getString("general.architecture");
        Architecture family = Architectures.forFileName(arch, origin + ": general.architecture");
        String p = arch + ".";
        int dim = ShapeChecks.positive(origin, p + "embedding_length", f.getLong(p + "embedding_length"));
        int layers = ShapeChecks.positive(origin, p + "block_count", f.getLong(p + "block_count"));
        int heads = ShapeChecks.positive(origin, p + "attention.head_count", f.getLong(p + "attention.head_count"));
        int kvHeads = ShapeChecks.positive(origin, p + "attention.head_count_kv", f.optLong(p + "attention.head_count_kv", heads));
        ShapeChecks.headsDivide(origin, p + "attention.head_count", heads, p + "attention.head_count_kv", kvHeads);
        int headDim = f.contains(p + "attention.key_length")
                ? ShapeChecks.positive(origin, p + "attention.key_length", f.getLong(p + "attention.key_length"))
                : ShapeChecks.headDim(origin, p + "embedding_length", dim, p + "attention.head_count", heads);
        int hidden = ShapeChecks.positive(origin, p + "feed_forward_length", f.getLong(p + "feed_forward_length"));
        int vocab = f.contains(p + "vocab_size") ? ShapeChecks.positive(origin, p + "vocab_size", f.getLong(p + "vocab_size"))
                : embeddingRows(f);
        ShapeChecks.weightsFit(origin, f.size(), dim, layers, heads, kvHeads, headDim, hidden, vocab);
        int context = ShapeChecks.positive(origin, p + "context_length", f.getLong(p + "context_length"));
        float eps = ShapeChecks.epsilon(origin, p + "attention.layer_norm_rms_epsilon", f.optFloat(p + "attention.layer_norm_rms_epsilon", 1e-5f));
        long window = f.optLong(p + "attention.sliding_window", 0);
        if (window < 0 || window > Integer.MAX_VALUE) throw new LightbulbException(origin + ": " + p + "attention.sliding_window is " + window);
        int rotaryDim = ShapeChecks.rotaryDim(origin, p + "rope.dimension_count",
                ShapeChecks.positive(origin, p + "rope.dimension_count", f.optLong(p + "rope.dimension_count", headDim)), headDim);
        double base = ShapeChecks.positiveFinite(origin, p + "rope.freq_base", f.optFloat(p + "rope.freq_base", 10000f));
        double[] inv = RopeScaling.baseInverseFrequencies(rotaryDim, base);
        String scalingType = f.optString(p + "rope.scaling.type", "none");
        if (scalingType.equals("linear")) {
            double factor = ShapeChecks.positiveFinite(origin, p + "rope.scaling.factor", f.getFloat(p + "rope.scaling.factor"));
            for (int i = 0; i < inv.length; i++) inv[i] /= factor;
        } else if (!scalingType.equals("none")) {
            throw new LightbulbException(origin + ": " + p + "rope.scaling.type " + Excerpt.quote(scalingType) + " is not supported (none, linear)");
        }
        if (f.hasTensor("rope_freqs.weight")) {          // Llama 3.1: per-frequency divisors stored as a tensor
            float[] factors = f.tensor("rope_freqs.weight").toFloatArray();
            if (factors.length != inv.length) throw new LightbulbException(origin + ": rope_freqs.weight has " + factors.length + " values, expected " + inv.length);
            for (int i = 0; i < inv.length; i++) inv[i] /= ShapeChecks.positiveFinite(origin, "rope_freqs.weight[" + i + "]", factors[i]);
        }
        return new ModelConfig(family.name(), dim, layers, heads, kvHeads, headDim, hidden, vocab, context, eps,
                new RopeSpec(family.ggufRope(), rotaryDim, RopeScaling.toFloats(inv)), family.qkvBias(), (int) window);
    }

    /** Without {@code <arch>.vocab_size}, the vocabulary is the token embedding's row count. */
    private static int embeddingRows(GgufFile f) {
        long[] shape = f.tensorInfo("token_embd.weight").shape();
        if (shape.length != 2) {
            throw new LightbulbException(f.path() + ": tensor 'token_embd.weight' has " + shape.length + " dimensions, expected 2");
        }
        return ShapeChecks.positive(f.path().toString(), "the row count of tensor 'token_embd.weight'", shape[1]);
    }

    /**
     * From a llama2.c checkpoint header (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len):
     * interleaved RoPE with theta 10000 over the whole head, RMSNorm eps 1e-5.
     */
    public static ModelConfig fromLlama2c(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen) {
        int headDim = dim / heads;
        return new ModelConfig(Architectures.LLAMA.name(), dim, layers, heads, kvHeads, headDim, hiddenDim, Math.abs(vocabSize), seqLen, 1e-5f,
                RopeSpec.standard(RopeLayout.NORM, headDim, 10000), false, 0);
    }

    /**
     * From a Hugging Face {@code config.json} (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM) read by
     * {@link HfConfig}; {@code ropeScaling} is its {@code rope_scaling} object or null. HF checkpoints keep Q/K
     * unpermuted, so RoPE pairs are half-split (NEOX).
     */
    public static ModelConfig fromHf(HfConfig c, JsonNode ropeScaling, String origin) {
        Architecture family = Architectures.forFileName(c.modelType(), origin + ": model_type");
        ShapeChecks.headsDivide(origin, "num_attention_heads", c.numAttentionHeads(), "num_key_value_heads", c.numKeyValueHeads());
        int rotaryDim = ShapeChecks.rotaryDim(origin, "head_dim", c.headDim(), c.headDim());
        float eps = ShapeChecks.epsilon(origin, "rms_norm_eps", c.rmsNormEps());
        double[] inv = RopeScaling.baseInverseFrequencies(rotaryDim, ShapeChecks.positiveFinite(origin, "rope_theta", c.ropeTheta()));
        if (ropeScaling != null && !ropeScaling.isNull()) {
            String kind = ropeScaling.has("rope_type") ? ropeScaling.get("rope_type").asText() : ropeScaling.path("type").asText();
            double factor = scalingNumber(origin, ropeScaling, "factor", 1);
            switch (kind) {
                case "llama3" -> {
                    double low = scalingNumber(origin, ropeScaling, "low_freq_factor", 1), high = scalingNumber(origin, ropeScaling, "high_freq_factor", 4);
                    if (!(high > low)) throw new LightbulbException(origin + ": rope_scaling.high_freq_factor " + high + " must exceed low_freq_factor " + low);
                    inv = RopeScaling.llama3(inv, factor, low, high,
                            ShapeChecks.positive(origin, "rope_scaling.original_max_position_embeddings",
                                    (long) scalingNumber(origin, ropeScaling, "original_max_position_embeddings", 8192)));
                }
                case "linear" -> { for (int i = 0; i < inv.length; i++) inv[i] /= factor; }
                case "default" -> { }
                default -> throw new LightbulbException(origin + ": rope_scaling type " + Excerpt.quote(kind) + " is not supported (llama3, linear)");
            }
        }
        return new ModelConfig(family.name(), c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.headDim(), c.intermediateSize(), c.vocabSize(), c.maxPositionEmbeddings(),
                eps, new RopeSpec(RopeLayout.NEOX, rotaryDim, RopeScaling.toFloats(inv)), family.qkvBias(), 0);
    }

    /** A number of config.json's rope_scaling object: finite and above 0. */
    private static double scalingNumber(String origin, JsonNode ropeScaling, String field, double fallback) {
        JsonNode n = ropeScaling.get(field);
        if (n == null || n.isNull()) return fallback;
        if (!n.isNumber()) throw new LightbulbException(origin + ": rope_scaling." + field + " is " + Excerpt.quote(n.toString()) + ", expected a number");
        return ShapeChecks.positiveFinite(origin, "rope_scaling." + field, n.asDouble());
    }

}
