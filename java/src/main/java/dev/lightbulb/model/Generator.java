package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.sampling.SampleRow;
import dev.lightbulb.backend.sampling.SampledToken;
import dev.lightbulb.backend.sampling.SamplingParams;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/** Generates one sequence: the prompt in chunks of rows (prefill), then one row per step (decode). */
public final class Generator {
    private Generator() {}

    /** Largest number of prompt rows sent in one step; bounds scratch memory for long prompts. */
    public static final int PREFILL_CHUNK = 512;
    public static final int BLOCK_SIZE = 16;

    /** The checks {@link #generate} makes before it starts: a non-empty prompt that fits the context. */
    public static void checkPrompt(CausalLm model, int[] promptIds, int maxTokens) {
        int context = model.config().contextLength();
        if (promptIds.length == 0) throw new LightbulbException("the prompt is empty (no tokens to start from)");
        if (promptIds.length > context) {
            throw new LightbulbException("the prompt has " + promptIds.length + " tokens, more than the model's context length of " + context);
        }
        if (maxTokens < 0) throw new LightbulbException("--max-tokens must be >= 0, got " + maxTokens);
    }

    public static Generation generate(CausalLm model, int[] promptIds, int maxTokens, SamplingParams params, IntPredicate isStop) {
        return generate(model, promptIds, maxTokens, params, isStop, PREFILL_CHUNK, t -> { });
    }

    /**
     * As above, sending the prompt in steps of at most {@code prefillChunk} rows and handing every chosen token to
     * {@code onToken} as soon as it is sampled (for streaming output).
     */
    public static Generation generate(CausalLm model, int[] promptIds, int maxTokens, SamplingParams params, IntPredicate isStop,
                                      int prefillChunk, IntConsumer onToken) {
        if (prefillChunk <= 0) throw new IllegalArgumentException("prefill chunk must be positive");
        checkPrompt(model, promptIds, maxTokens);
        int context = model.config().contextLength();
        int capacity = (int) Math.min(context, (long) promptIds.length + maxTokens);   // generation stops at the context
        int[] history;
        float[] logProbs;
        int length = promptIds.length, generated = 0;
        FinishReason reason = FinishReason.LENGTH;
        double promptMillis = 0;
        long start = System.nanoTime();
        try (PagedKvCache cache = model.newKvCache(BLOCK_SIZE, (int) ((capacity + (long) BLOCK_SIZE - 1) / BLOCK_SIZE))) {
            // after the cache, the largest allocation, whose size the backend checks first
            history = Arrays.copyOf(promptIds, capacity);
            logProbs = new float[capacity - promptIds.length];
            int fed = 0;
            while (generated < maxTokens) {
                if (length >= context) { reason = FinishReason.CONTEXT; break; }   // the next token would sit at `length`
                // rows not yet in the cache: the prompt in chunks, then the one token sampled last
                ForwardBatch batch = new ForwardBatch();
                int end = Math.min(length, fed + prefillChunk);
                for (int p = fed; p < end; p++) batch.add(0, p, history[p], p == length - 1);
                fed = end;
                if (fed < length) { model.forward(batch, cache); continue; }
                BackendBuffer logits = model.forward(batch, cache);
                SampledToken t = model.backend().sample(logits, model.config().vocabSize(),
                        new SampleRow[] {new SampleRow(params, length, Arrays.copyOf(history, length))})[0];
                if (generated == 0) promptMillis = (System.nanoTime() - start) / 1e6;
                history[length++] = t.token();
                logProbs[generated++] = t.logProb();
                onToken.accept(t.token());
                if (isStop.test(t.token())) { reason = FinishReason.STOP; break; }
            }
        }
        double total = (System.nanoTime() - start) / 1e6;
        return new Generation(promptIds.clone(), Arrays.copyOfRange(history, promptIds.length, length),
                Arrays.copyOf(logProbs, generated), reason, promptMillis, total - promptMillis);
    }
}
