package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * LoRA adapters: {@code y = W·x + (alpha / rank) · B·(A·x)} on each target projection (of every block, and the output), A of shape
 * {@code [k, rank]} drawn uniformly from ±1/sqrt(k) (PEFT's default, Kaiming-uniform with a = sqrt 5) from {@code seed},
 * B of shape {@code [rank, n]} zero, so a fresh adapter leaves the model unchanged.
 */
public record LoraConfig(int rank, float alpha, Set<LoraTarget> targets, long seed) {
    public LoraConfig {
        if (rank <= 0) throw new LightbulbException("--lora-rank must be >= 1, got " + rank);
        if (!(alpha > 0) || Float.isInfinite(alpha)) throw new LightbulbException("--lora-alpha must be a positive number, got " + alpha);
        if (targets.isEmpty()) throw new LightbulbException("--targets: no projection to adapt");
        targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));   // iterates in LoraTarget order
    }

    /** The seven projections of every block (q, k, v, o, gate, up, down): PEFT's usual choice for Llama, the default. */
    public static Set<LoraTarget> allTargets() { return EnumSet.complementOf(EnumSet.of(LoraTarget.OUTPUT)); }

    /** The factor the adapter's output is multiplied by: alpha / rank. */
    public float scale() { return alpha / rank; }
}
