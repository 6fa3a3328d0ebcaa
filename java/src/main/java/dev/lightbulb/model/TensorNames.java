package dev.lightbulb.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a Llama-family model under their GGUF names ({@code token_embd.weight}, {@code blk.3.attn_q.weight},
 * ...) and the shapes a {@link ModelConfig} implies, in ggml order ({@code [rowLength, rows]}: a projection from
 * width k to width n is {@code [k, n]}). Every weight source is adapted to these names.
 */
public final class TensorNames {
    private TensorNames() {}

    public static final String EMBEDDING = "token_embd.weight";
    public static final String OUTPUT_NORM = "output_norm.weight";
    /** Absent when the output projection is tied to the embedding. */
    public static final String OUTPUT = "output.weight";

    // the parts of block l, named blk.<l>.<part>
    public static final String ATTN_NORM = "attn_norm.weight";
    public static final String ATTN_Q = "attn_q.weight";
    public static final String ATTN_K = "attn_k.weight";
    public static final String ATTN_V = "attn_v.weight";
    public static final String ATTN_OUTPUT = "attn_output.weight";
    public static final String ATTN_Q_BIAS = "attn_q.bias";
    public static final String ATTN_K_BIAS = "attn_k.bias";
    public static final String ATTN_V_BIAS = "attn_v.bias";
    public static final String FFN_NORM = "ffn_norm.weight";
    public static final String FFN_GATE = "ffn_gate.weight";
    public static final String FFN_UP = "ffn_up.weight";
    public static final String FFN_DOWN = "ffn_down.weight";

    /** {@code blk.<layer>.<part>}. */
    public static String layer(int layer, String part) {
        return "blk." + layer + "." + part;
    }

    /**
     * Every tensor of a model of this shape with its shape, in load order: embedding, the blocks, output norm, and
     * the output projection last (which a tied model does not have). Q/K/V biases only when {@code config.qkvBias()}.
     */
    public static Map<String, long[]> shapes(ModelConfig config) {
        long dim = config.dim(), q = config.queryDim(), kv = config.kvDim(), hidden = config.hiddenDim(), vocab = config.vocabSize();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put(EMBEDDING, new long[] {dim, vocab});
        for (int l = 0; l < config.layers(); l++) {
            s.put(layer(l, ATTN_NORM), new long[] {dim});
            s.put(layer(l, ATTN_Q), new long[] {dim, q});
            s.put(layer(l, ATTN_K), new long[] {dim, kv});
            s.put(layer(l, ATTN_V), new long[] {dim, kv});
            s.put(layer(l, ATTN_OUTPUT), new long[] {q, dim});
            if (config.qkvBias()) {
                s.put(layer(l, ATTN_Q_BIAS), new long[] {q});
                s.put(layer(l, ATTN_K_BIAS), new long[] {kv});
                s.put(layer(l, ATTN_V_BIAS), new long[] {kv});
            }
            s.put(layer(l, FFN_NORM), new long[] {dim});
            s.put(layer(l, FFN_GATE), new long[] {dim, hidden});
            s.put(layer(l, FFN_UP), new long[] {dim, hidden});
            s.put(layer(l, FFN_DOWN), new long[] {hidden, dim});
        }
        s.put(OUTPUT_NORM, new long[] {dim});
        s.put(OUTPUT, new long[] {dim, vocab});
        return s;
    }
}
