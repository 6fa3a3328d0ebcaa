package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.engine.EngineBenchmark;
import dev.lightbulb.engine.RandomWeights;
import dev.lightbulb.model.Architectures;
import dev.lightbulb.model.CausalLm;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.tensor.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb bench engine}: generated tokens/s at several concurrencies, and the prefix-sharing hit rate on a
 * clembench-like load, for each {@code --model} file and a stories15M-shaped model with random weights.
 * Prints a Markdown table. {@code --max-tokens} sets the random-prompt load's answer length and
 * {@code --prefix-max-tokens} the shared-prefix load's (short by default, as clembench's answers are).
 */
@Command(name = "engine", mixinStandardHelpOptions = true, description = "Engine throughput and prefix-sharing hit rate.")
public final class BenchEngineCommand implements Callable<Integer> {

    @Option(names = "--model", description = "GGUF model file(s) to measure besides the random stories15M-shaped one")
    List<Path> models = new ArrayList<>();

    @Option(names = "--no-random", description = "skip the random-weight model")
    boolean noRandom;

    @Option(names = "--shape", defaultValue = "stories15M",
            description = "shape of the random-weight model: stories15M, stories110M, 1b-32k, llama3.2-1b or llama3-8b (default ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--weight-type", defaultValue = "F32",
            description = "stored type of the random model's matrices: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K (default ${DEFAULT-VALUE})")
    String weightType;

    @Option(names = "--context", defaultValue = "1024", description = "context length of the random model (default ${DEFAULT-VALUE})")
    int context;

    @Option(names = "--no-prefix", description = "skip the shared-prefix workload")
    boolean noPrefix;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,8,64,256", description = "concurrency levels (default ${DEFAULT-VALUE})")
    int[] concurrency;

    @Option(names = "--max-tokens", defaultValue = "32", description = "tokens generated per request of the random-prompt load (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--prefix-max-tokens", defaultValue = "8", description = "tokens generated per request of the shared-prefix load (default ${DEFAULT-VALUE}: clembench answers are short)")
    int prefixMaxTokens;

    @Option(names = "--prefix-requests", defaultValue = "256", description = "requests of the shared-prefix load (default ${DEFAULT-VALUE})")
    int prefixRequests;

    @Option(names = "--prefix-tokens", defaultValue = "400", description = "length of the shared instruction (default ${DEFAULT-VALUE})")
    int prefixTokens;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or cuda (default ${DEFAULT-VALUE}: CUDA when a GPU answers)")
    String backend;

    @Override
    public Integer call() {
        if (maxTokens <= 0) throw new LightbulbException("--max-tokens must be >= 1, got " + maxTokens);
        if (prefixMaxTokens <= 0) throw new LightbulbException("--prefix-max-tokens must be >= 1, got " + prefixMaxTokens);
        if (prefixRequests <= 0) throw new LightbulbException("--prefix-requests must be >= 1, got " + prefixRequests);
        if (prefixTokens < 0) throw new LightbulbException("--prefix-tokens must be >= 0, got " + prefixTokens);
        for (int c : concurrency) {
            if (c <= 0) throw new LightbulbException("--concurrency: levels must be >= 1, got " + c);
        }
        try (Backend b = Backends.create(backend)) {
            System.out.println("| model | workload | concurrency | requests | generated tokens | seconds | tokens/s | prefix hit rate | preemptions |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            for (Path p : models) {
                try (LoadedModel m = LoadedModel.open(p, null, b)) {
                    measure(p.getFileName().toString(), m.model());
                }
            }
            if (!noRandom) {
                ModelConfig c = randomShape();
                GgmlType type = weightType(weightType);
                long start = System.nanoTime();
                try (CausalLm m = Architectures.load(c, new RandomWeights(c, 1, type), b)) {
                    System.err.printf("random %s %s model (%.2f B parameters) made and loaded in %.1f s%n", shape, type,
                            RandomWeights.parameters(c) / 1e9, (System.nanoTime() - start) / 1e9);
                    measure(shape + " " + type + " (random)", m);
                }
            }
        }
        return 0;
    }

    private ModelConfig randomShape() {
        if (context < 64) throw new LightbulbException("--context must be >= 64, got " + context);
        return RandomWeights.shape(shape, context);
    }

    /** A stored weight type by name, as --weight-type gives it. */
    static GgmlType weightType(String weightType) {
        GgmlType t;
        try {
            t = GgmlType.valueOf(weightType.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LightbulbException("--weight-type: unknown type '" + weightType + "' (expected F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K)");
        }
        if (!t.isSupported() || t == GgmlType.I32) throw new LightbulbException("--weight-type: " + t + " cannot hold weights");
        return t;
    }

    private void measure(String name, CausalLm model) {
        EngineBenchmark.throughput(model, 8, 16, 16, 99);              // warm-up: let the JIT compile the step
        for (int c : concurrency) {
            print(name, "random prompts 16-47 tokens", c, EngineBenchmark.throughput(model, c, Math.max(4, 2 * c), maxTokens, 1));
        }
        if (noPrefix) return;
        int context = model.config().contextLength();
        if (prefixTokens + 20 + prefixMaxTokens > context) {
            System.out.println("| " + name + " | shared prefix | skipped: " + prefixTokens + "-token prefix does not fit the context of " + context + " | | | | | | |");
            return;
        }
        int c = Math.min(64, prefixRequests);
        String load = prefixTokens + "-token shared prefix + 20, " + prefixMaxTokens + " new, sharing ";
        print(name, load + "on", c, EngineBenchmark.sharedPrefix(model, c, prefixRequests, prefixTokens, prefixMaxTokens, true, 2));
        int fewer = Math.min(prefixRequests, 32);                       // recomputing every prefix is slow: a smaller sample
        print(name, load + "off", Math.min(c, fewer),
                EngineBenchmark.sharedPrefix(model, Math.min(c, fewer), fewer, prefixTokens, prefixMaxTokens, false, 2));
    }

    private static void print(String model, String workload, int concurrency, EngineBenchmark.Measurement m) {
        System.out.printf("| %s | %s | %d | %d | %d | %.1f | %.1f | %.1f%% | %d |%n", model, workload, concurrency, m.requests(),
                m.generatedTokens(), m.seconds(), m.tokensPerSecond(), 100 * m.stats().prefixHitRate(), m.stats().preemptions());
        System.out.flush();
    }
}
