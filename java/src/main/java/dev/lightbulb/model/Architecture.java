package dev.lightbulb.model;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.RopeLayout;

import java.util.List;

/**
 * A model family lightbulb runs: the names files give it, what those names imply for the config, and the
 * {@link CausalLm} that computes it.
 *
 * @param name          the name a {@link ModelConfig} carries
 * @param fileNames     GGUF {@code general.architecture} / Hugging Face {@code model_type} values that mean this family
 * @param qkvBias       whether its Q, K and V projections carry biases
 * @param ggufRope      how a GGUF file of this family pairs RoPE elements (llama.cpp permutes llama Q/K rows to
 *                      adjacent pairs; Qwen2 keeps the half-split order). Hugging Face checkpoints are always half-split.
 * @param loader        builds the model from weights (and a LoRA adapter, or null) on a backend
 */
public record Architecture(String name, List<String> fileNames, boolean qkvBias, RopeLayout ggufRope, Loader loader) {

    /** Uploads weights and returns the model that runs them. */
    @FunctionalInterface
    public interface Loader {
        CausalLm load(ModelConfig config, WeightSource weights, Backend backend, LoraAdapter adapter);
    }

    public Architecture {
        fileNames = List.copyOf(fileNames);
    }
}
