package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;

import java.nio.file.Path;

/**
 * What a finetuning run does.
 *
 * @param model        the base model (GGUF)
 * @param data         chat or text JSONL ({@link TrainingData})
 * @param out          the folder for the log and the result
 * @param lora         LoRA settings, or null for full finetuning
 * @param steps        optimiser steps
 * @param learningRate the peak learning rate
 * @param warmupSteps  linear warm-up steps before the cosine decay
 * @param batchTokens  tokens (all rows, learned or not) per optimiser step, accumulated over micro-batches
 * @param seqLen       rows per micro-batch: documents are packed into it, and a longer one is truncated to it
 * @param weightDecay  AdamW's decoupled weight decay (matrices only)
 * @param maxGradNorm  global gradient-norm clipping (≤ 0: none)
 * @param seed         order of the examples (and the LoRA initialisation through {@code lora})
 * @param saveEvery    steps between checkpoints (and results); the last step always saves
 * @param resume       continue the run whose checkpoint is in {@code out}
 * @param init         train a new model of this shape from random weights ({@link InitialWeights}, seeded by
 *                     {@code seed}) with {@code model}'s tokenizer and family; null: start from {@code model}'s weights
 * @param snapshots    full training also keeps each saved model as {@code snapshots/model-step<N>.gguf}
 */
public record FinetuneSettings(Path model, Path data, Path out, LoraConfig lora, int steps, double learningRate,
                               int warmupSteps, int batchTokens, int seqLen, float weightDecay, double maxGradNorm, long seed,
                               int saveEvery, boolean resume, ModelShape init, boolean snapshots) {

    /** Finetuning {@code model}'s own weights, without snapshots. */
    public FinetuneSettings(Path model, Path data, Path out, LoraConfig lora, int steps, double learningRate, int warmupSteps,
                            int batchTokens, int seqLen, float weightDecay, double maxGradNorm, long seed, int saveEvery, boolean resume) {
        this(model, data, out, lora, steps, learningRate, warmupSteps, batchTokens, seqLen, weightDecay, maxGradNorm, seed, saveEvery,
                resume, null, false);
    }

    public FinetuneSettings {
        if (init != null && lora != null) throw new LightbulbException("--init random trains every weight of a new model: use --full, not LoRA");
        if (snapshots && lora != null) throw new LightbulbException("--snapshots keeps full models: use --full");
        if (steps < 1) throw new LightbulbException("--steps must be >= 1, got " + steps);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new LightbulbException("--lr must be > 0, got " + learningRate);
        if (warmupSteps < 0) throw new LightbulbException("--warmup must be >= 0, got " + warmupSteps);
        if (seqLen < 2) throw new LightbulbException("--seq-len must be >= 2, got " + seqLen);
        if (saveEvery < 1) throw new LightbulbException("--save-every must be >= 1, got " + saveEvery);
        if (batchTokens < 1) throw new LightbulbException("--batch-tokens must be >= 1, got " + batchTokens);
    }

    public boolean full() { return lora == null; }
}
