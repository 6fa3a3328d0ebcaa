package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.EngineBenchmark;
import dev.lightbulb.model.CausalLm;
import dev.lightbulb.model.Generation;
import dev.lightbulb.model.Generator;
import dev.lightbulb.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/**
 * {@code lightbulb bench speed}: the three speeds llama.cpp's benchmarks report, measured on one GGUF file, as CSV
 * ({@code test,tokens_per_second}, the median of {@code --repeat} runs after a warm-up run):
 * {@code tg<N>} = decode of N tokens after a short prompt (llama-bench's tg), {@code pp<N>} = a prompt of N tokens
 * (llama-bench's pp), and {@code batched<B>} = B sequences of a {@code --batch-prompt}-token prompt plus
 * {@code --batch-gen} generated tokens each through the engine, all tokens over the whole time
 * (llama-batched-bench's S column).
 */
@Command(name = "speed", mixinStandardHelpOptions = true,
        description = "Decode, prefill and batched tokens/s on one model file, as CSV (for bench/llamacpp/compare.sh).")
public final class BenchSpeedCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--decode", defaultValue = "64", description = "tokens decoded (default ${DEFAULT-VALUE})")
    int decode;

    @Option(names = "--prompt", defaultValue = "64", description = "prompt tokens of the prefill test (default ${DEFAULT-VALUE})")
    int prompt;

    @Option(names = "--batch", split = ",", defaultValue = "8,64", description = "sequences of the batched tests (default ${DEFAULT-VALUE})")
    int[] batch;

    @Option(names = "--batch-prompt", defaultValue = "32", description = "prompt tokens per batched sequence (default ${DEFAULT-VALUE})")
    int batchPrompt;

    @Option(names = "--batch-gen", defaultValue = "64", description = "generated tokens per batched sequence (default ${DEFAULT-VALUE})")
    int batchGen;

    @Option(names = "--repeat", defaultValue = "3", description = "measured runs per test (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or cuda (default ${DEFAULT-VALUE}: CUDA when a GPU answers)")
    String backend;

    @Override
    public Integer call() {
        if (decode < 1 || prompt < 1 || batchPrompt < 1 || batchGen < 1 || repeat < 1) {
            throw new LightbulbException("--decode, --prompt, --batch-prompt, --batch-gen and --repeat must be >= 1");
        }
        for (int b : batch) if (b < 1) throw new LightbulbException("--batch: sequence counts must be >= 1, got " + b);
        try (Backend b = Backends.create(backend); LoadedModel loaded = LoadedModel.open(model, null, b)) {
            CausalLm m = loaded.model();
            System.out.println("test,tokens_per_second");
            print("tg" + decode, median(() -> run(m, 8, decode).decodeTokensPerSecond()));
            print("pp" + prompt, median(() -> prompt * 1000.0 / run(m, prompt, 1).promptMillis()));
            for (int n : batch) {
                print("batched" + n, median(() -> {
                    EngineBenchmark.Measurement r = EngineBenchmark.fixedLength(m, n, batchPrompt, batchGen, 7);
                    return r.requests() * (double) (batchPrompt + batchGen) / r.seconds();
                }));
            }
        }
        return 0;
    }

    private final SplittableRandom random = new SplittableRandom(5);

    /** Greedy generation from a random prompt of {@code length} tokens (never stopping early). */
    private Generation run(CausalLm m, int length, int tokens) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = 3 + random.nextInt(m.config().vocabSize() - 3);
        return Generator.generate(m, ids, tokens, SamplingParams.GREEDY, t -> false);
    }

    /** One warm-up run (the JIT compiles the step), then the median of {@code repeat} runs. */
    private double median(DoubleSupplier test) {
        test.getAsDouble();
        double[] v = new double[repeat];
        for (int i = 0; i < repeat; i++) v[i] = test.getAsDouble();
        Arrays.sort(v);
        return repeat % 2 == 1 ? v[repeat / 2] : (v[repeat / 2 - 1] + v[repeat / 2]) / 2;
    }

    private static void print(String test, double tokensPerSecond) {
        System.out.printf(java.util.Locale.ROOT, "%s,%.2f%n", test, tokensPerSecond);
        System.out.flush();
    }
}
