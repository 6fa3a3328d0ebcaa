package dev.lightbulb.model;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;

import java.util.Map;

/**
 * A causal language model on a backend, as the engine, the generator and the commands see it: one forward step
 * over a {@link ForwardBatch} of rows from any number of sequences, reading and writing a {@link PagedKvCache} it
 * made. {@link LlamaModel} is the Llama-family implementation; a model carrying adapters or a trainable model is
 * another. Which one a file gets is decided by {@link Architectures}.
 */
public interface CausalLm extends AutoCloseable {

    ModelConfig config();

    Backend backend();

    /** A KV cache of {@code numBlocks} blocks of {@code blockSize} positions for this model on its backend. */
    default PagedKvCache newKvCache(int blockSize, int numBlocks) {
        return new PagedKvCache(backend(), config().layers(), config().kvDim(), blockSize, numBlocks);
    }

    /**
     * Runs one step. Every row's key and value are stored in {@code cache} at its (sequence, position), then each row
     * attends to its own sequence's positions up to its own. Returns the logits of the rows that want them
     * ({@link ForwardBatch#logitRows()} order), an F32 {@code [count, vocab]} buffer valid until the next call.
     */
    BackendBuffer forward(ForwardBatch batch, PagedKvCache cache);

    /** {@link #forward} and download: {@code [count * vocab]} floats. */
    default float[] forwardToHost(ForwardBatch batch, PagedKvCache cache) {
        BackendBuffer l = forward(batch, cache);
        float[] out = new float[batch.logitRows().length * config().vocabSize()];
        backend().readFloats(l, 0, out, 0, out.length);
        return out;
    }

    /** The LoRA adapter this model applies unmerged; null for none. */
    default LoraAdapter adapter() { return null; }

    /** Stored type of every weight by GGUF name, as it was in the file (for reports). */
    Map<String, GgmlType> weightTypes();

    /** Frees the model's buffers (its weights and step scratch); KV caches it made are closed by their owners. */
    @Override
    void close();
}
