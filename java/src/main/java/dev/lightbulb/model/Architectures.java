package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.RopeLayout;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The registry of model families: a file's architecture name picks its {@link Architecture}, which loads it. A new
 * family is one more entry here (and its {@link CausalLm} if the Llama forward does not fit).
 */
public final class Architectures {
    private Architectures() {}

    /** Llama 2/3, SmolLM, TinyStories and Mistral (a llama without architectural changes at this level). */
    public static final Architecture LLAMA = new Architecture("llama", List.of("llama", "mistral"), false, RopeLayout.NORM, LlamaModel::load);
    /** Qwen2 / Qwen2.5: biases on Q, K and V, half-split RoPE. */
    public static final Architecture QWEN2 = new Architecture("qwen2", List.of("qwen2"), true, RopeLayout.NEOX, LlamaModel::load);

    private static final List<Architecture> ALL = List.of(LLAMA, QWEN2);

    /**
     * The family a file names ({@code fileName} is a GGUF {@code general.architecture} or an HF {@code model_type});
     * an unknown name is a {@link LightbulbException} starting with {@code where} (e.g. "FILE: general.architecture").
     */
    public static Architecture forFileName(String fileName, String where) {
        for (Architecture a : ALL) if (a.fileNames().contains(fileName)) return a;
        throw new LightbulbException(where + " " + dev.lightbulb.Excerpt.quote(fileName) + " is not supported (" + supportedNames() + ")");
    }

    /** The family a config belongs to (by {@link ModelConfig#architecture()}). */
    public static Architecture of(ModelConfig config) {
        for (Architecture a : ALL) if (a.name().equals(config.architecture())) return a;
        throw new LightbulbException("architecture '" + config.architecture() + "' is not supported (" + supportedNames() + ")");
    }

    /** Uploads {@code weights} to {@code backend} as the model of {@code config}'s family. */
    public static CausalLm load(ModelConfig config, WeightSource weights, Backend backend) {
        return load(config, weights, backend, null);
    }

    /** {@link #load(ModelConfig, WeightSource, Backend)} with {@code adapter} applied unmerged (null: none). */
    public static CausalLm load(ModelConfig config, WeightSource weights, Backend backend, LoraAdapter adapter) {
        return of(config).loader().load(config, weights, backend, adapter);
    }

    /** Every accepted file name, e.g. "llama, mistral, qwen2". */
    public static String supportedNames() {
        return ALL.stream().flatMap(a -> a.fileNames().stream()).collect(Collectors.joining(", "));
    }
}
