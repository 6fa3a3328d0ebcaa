package dev.lightbulb.model;

import dev.lightbulb.backend.BackendBuffer;

import static dev.lightbulb.model.TensorNames.*;

/**
 * The buffers of one Llama-family block, by role. Projections are in their stored types; norms and biases are F32.
 * The Q/K/V biases are null unless the model has them (Qwen2).
 */
public record LayerWeights(BackendBuffer attnNorm, BackendBuffer wq, BackendBuffer wk, BackendBuffer wv, BackendBuffer wo,
                           BackendBuffer bq, BackendBuffer bk, BackendBuffer bv,
                           BackendBuffer ffnNorm, BackendBuffer gate, BackendBuffer up, BackendBuffer down) {

    /** Block {@code layer} of {@code weights}. */
    static LayerWeights of(ModelWeights weights, int layer) {
        boolean bias = weights.config().qkvBias();
        return new LayerWeights(weights.get(layer(layer, ATTN_NORM)),
                weights.get(layer(layer, ATTN_Q)), weights.get(layer(layer, ATTN_K)),
                weights.get(layer(layer, ATTN_V)), weights.get(layer(layer, ATTN_OUTPUT)),
                bias ? weights.get(layer(layer, ATTN_Q_BIAS)) : null,
                bias ? weights.get(layer(layer, ATTN_K_BIAS)) : null,
                bias ? weights.get(layer(layer, ATTN_V_BIAS)) : null,
                weights.get(layer(layer, FFN_NORM)), weights.get(layer(layer, FFN_GATE)),
                weights.get(layer(layer, FFN_UP)), weights.get(layer(layer, FFN_DOWN)));
    }
}
