package dev.lightbulb.engine;

import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.CausalLm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Throughput and prefix-sharing workloads for the engine (the numbers in bench/README.md, section "Engine"). */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    /**
     * @param requests        requests run
     * @param generatedTokens tokens sampled
     * @param seconds         wall time from the first submit to the last result
     * @param stats           the engine's counters afterwards
     */
    public record Measurement(int requests, long generatedTokens, double seconds, EngineStats stats) {
        public double tokensPerSecond() { return generatedTokens / seconds; }
    }

    /**
     * {@code requests} greedy requests with random prompts of 16 to 47 tokens, {@code maxTokens} each (no early
     * stop: the engine has no tokenizer), at most {@code concurrency} in flight.
     */
    public static Measurement throughput(CausalLm model, int concurrency, int requests, int maxTokens, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<GenerationRequest> list = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            list.add(GenerationRequest.ofTokens("t" + i, randomTokens(r, 16 + r.nextInt(32), model.config().vocabSize()), SamplingParams.GREEDY, maxTokens));
        }
        return run(model, Engine.defaultOptions(model, concurrency), list);
    }

    /**
     * {@code sequences} greedy requests at once, each a random prompt of {@code promptTokens} and exactly
     * {@code maxTokens} generated (llama-batched-bench's load without a shared prompt).
     */
    public static Measurement fixedLength(CausalLm model, int sequences, int promptTokens, int maxTokens, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<GenerationRequest> list = new ArrayList<>();
        for (int i = 0; i < sequences; i++) {
            list.add(GenerationRequest.ofTokens("b" + i, randomTokens(r, promptTokens, model.config().vocabSize()), SamplingParams.GREEDY, maxTokens));
        }
        return run(model, Engine.defaultOptions(model, sequences), list);
    }

    /**
     * A clembench-like load: {@code requests} prompts that all start with the same {@code prefix}-token instruction,
     * each followed by its own 20-token tail, {@code maxTokens} each.
     */
    public static Measurement sharedPrefix(CausalLm model, int concurrency, int requests, int prefix, int maxTokens, boolean sharing, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int vocab = model.config().vocabSize();
        int[] instruction = randomTokens(r, prefix, vocab);
        List<GenerationRequest> list = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int[] p = Arrays.copyOf(instruction, prefix + 20);
            System.arraycopy(randomTokens(r, 20, vocab), 0, p, prefix, 20);
            list.add(GenerationRequest.ofTokens("p" + i, p, SamplingParams.GREEDY, maxTokens));
        }
        return run(model, Engine.defaultOptions(model, concurrency).withPrefixSharing(sharing), list);
    }

    private static Measurement run(CausalLm model, EngineOptions options, List<GenerationRequest> list) {
        try (Engine engine = new Engine(model, null, ChatFormat.PLAIN, options)) {
            long start = System.nanoTime();
            long tokens = engine.generateAll(list).stream().mapToLong(GenerationResult::generatedTokens).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measurement(list.size(), tokens, seconds, engine.stats());
        }
    }

    private static int[] randomTokens(SplittableRandom r, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = 3 + r.nextInt(vocab - 3);
        return ids;
    }
}
