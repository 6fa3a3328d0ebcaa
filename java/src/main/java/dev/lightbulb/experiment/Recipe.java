package dev.lightbulb.experiment;

import dev.lightbulb.train.LoraConfig;
import dev.lightbulb.train.LoraTarget;

import java.util.EnumSet;

/**
 * How every cell of a grid finetunes its checkpoint: all weights ({@code loraRank} 0) or a LoRA adapter on every
 * projection and the output (the output, so that a model whose end-of-sequence row is untrained can learn to end a
 * reply), for {@code epochs} passes over the cell's data.
 */
record Recipe(int loraRank, double epochs, double learningRate, int warmup, int batchTokens, int seqLen, long seed) {

    boolean full() { return loraRank == 0; }

    /** The LoRA settings (alpha = 2·rank), or null for full finetuning. */
    LoraConfig lora() {
        return full() ? null : new LoraConfig(loraRank, 2f * loraRank, EnumSet.allOf(LoraTarget.class), seed);
    }

    @Override
    public String toString() {
        return (full() ? "full" : "lora rank=" + loraRank) + " epochs=" + epochs + " lr=" + learningRate + " warmup=" + warmup
                + " batch_tokens=" + batchTokens + " seq_len=" + seqLen + " seed=" + seed;
    }
}
