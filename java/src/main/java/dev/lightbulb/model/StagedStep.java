package dev.lightbulb.model;

/**
 * A forward step whose inputs {@link LlamaModel#stage} has queued into the model's step buffers, ready for
 * {@link LlamaModel#compute}.
 *
 * @param rows              rows of the step
 * @param logitRows         rows that get logits
 * @param cache             the KV cache the step reads and writes
 * @param buffersGeneration the generation of the model's step buffers the inputs were written to
 */
public record StagedStep(int rows, int logitRows, PagedKvCache cache, int buffersGeneration) {}
