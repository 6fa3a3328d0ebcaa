package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;

/**
 * Hugging Face PEFT's layout of a LoRA adapter for a llama-family model, and how it maps to lightbulb's GGUF names:
 * a folder with {@code adapter_config.json} and {@code adapter_model.safetensors}, whose tensors are named
 * {@code base_model.model.<HF module>.lora_A.weight} ({@code [r, in]}) and {@code .lora_B.weight} ({@code [out, r]}),
 * the same bytes as llama.cpp's {@code <weight>.lora_a} ({@code [in, r]} in ggml order) and {@code .lora_b}.
 * <p>One difference is in the values: a llama GGUF file keeps Q and K rows in RoPE's adjacent-pair order, where
 * Hugging Face keeps them half-split (llama.cpp's converter permutes them), so B's rows of an adapter on q or k are
 * permuted the same way between the two layouts. A half-split model (Qwen2, or a Hugging Face folder) needs none.
 */
public final class PeftLayout {
    public static final String CONFIG = "adapter_config.json", TENSORS = "adapter_model.safetensors";

    private PeftLayout() {}

    /** The PEFT tensor name of the A ({@code a = true}) or B matrix adapting GGUF weight {@code weight}. */
    public static String tensorName(String weight, boolean a) {
        return "base_model.model." + module(weight) + (a ? ".lora_A.weight" : ".lora_B.weight");
    }

    /** The HF module a GGUF weight belongs to, e.g. {@code model.layers.3.self_attn.q_proj} or {@code lm_head}. */
    public static String module(String weight) {
        return HfWeights.hfName(weight).replaceFirst("\\.weight$", "");
    }

    /** The module's last name, as PEFT's {@code target_modules} lists it: {@code q_proj}, …, {@code lm_head}. */
    public static String targetModule(String weight) {
        String m = module(weight);
        return m.substring(m.lastIndexOf('.') + 1);
    }

    /** Whether B of an adapter on {@code weight} has its rows in another order in PEFT's layout than in this model's. */
    static boolean permuted(String weight, ModelConfig config) {
        return config.rope().layout() == RopeLayout.NORM && (weight.endsWith(".attn_q.weight") || weight.endsWith(".attn_k.weight"));
    }

    /**
     * B ({@code out} rows of {@code rank}) of an adapter on {@code weight}, from this model's row order to PEFT's
     * ({@code toPeft}) or back. Rows of head h at pair i, half s: adjacent order {@code h·d + 2i + s}, half-split
     * {@code h·d + s·d/2 + i}.
     */
    public static float[] reorderB(String weight, float[] b, int rank, ModelConfig config, boolean toPeft) {
        if (!permuted(weight, config)) return b;
        int d = config.headDim();
        if (config.rope().rotaryDim() != d) {
            throw new LightbulbException(weight + ": a PEFT adapter on q or k of a model with partial rotary dimensions is not supported");
        }
        int rows = b.length / rank;
        float[] out = new float[b.length];
        for (int h = 0; h < rows / d; h++) {
            for (int i = 0; i < d / 2; i++) {
                for (int s = 0; s < 2; s++) {
                    int adjacent = h * d + 2 * i + s, halfSplit = h * d + s * d / 2 + i;
                    int from = toPeft ? adjacent : halfSplit, to = toPeft ? halfSplit : adjacent;
                    System.arraycopy(b, from * rank, out, to * rank, rank);
                }
            }
        }
        return out;
    }
}
