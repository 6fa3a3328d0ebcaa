package dev.lightbulb.train;

import dev.lightbulb.backend.BackendBuffer;

/**
 * A trainable tensor: its F32 value and its F32 gradient (accumulated by the backward until zeroed), by name: the
 * GGUF tensor name in full finetuning, {@code <weight>.lora_a} / {@code <weight>.lora_b} for an adapter (llama.cpp's
 * adapter names).
 *
 * @param decays whether AdamW's weight decay applies (matrices yes; norms and biases no, as Hugging Face's
 *               Trainer groups them)
 */
public record Parameter(String name, long[] shape, BackendBuffer value, BackendBuffer grad, boolean decays) {

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
