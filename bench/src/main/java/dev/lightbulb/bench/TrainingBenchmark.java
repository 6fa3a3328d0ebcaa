package dev.lightbulb.bench;

import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.train.AdamW;
import dev.lightbulb.train.LoraConfig;
import dev.lightbulb.train.TrainableModel;
import dev.lightbulb.train.TrainingBatch;
import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One finetuning step against one forward over the same tokens, on the CPU backend with a stories15M-shaped model
 * (dim 288, 6 layers, vocab 32000) of random F32 weights: {@link #TOKENS} tokens as one document.
 * {@code forward} = the forward and the logits of every row; {@code lora} and {@code full} = forward, loss, backward
 * and the AdamW step (LoRA rank 16 on all seven projections, or every weight). Tokens/s = TOKENS / seconds per op;
 * the ratio of a step to the forward is the cost of training (theory about 3×).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
public class TrainingBenchmark {
    public static final int TOKENS = 256;

    @Param({"forward", "lora", "full"})
    public String mode;

    private Path file;
    private GgufFile gguf;
    private CpuBackend backend;
    private TrainableModel model;
    private AdamW optimiser;
    private TrainingBatch batch;

    @Setup
    public void setup() throws IOException {
        file = Files.createTempFile("stories15M-random-train", ".gguf");
        GenerateBenchmark.writeRandomModel(file, GgmlType.F32, 288, 6, 6, 768, 32000, 256);
        gguf = GgufFile.open(file);
        backend = new CpuBackend();
        ModelConfig config = ModelConfig.fromGguf(gguf);
        model = mode.equals("lora")
                ? TrainableModel.lora(config, new GgufWeights(gguf), backend, new LoraConfig(16, 32, LoraConfig.allTargets(), 0))
                : TrainableModel.full(config, new GgufWeights(gguf), backend);
        optimiser = new AdamW(backend, List.copyOf(model.parameters()), 0.9f, 0.999f, 1e-8f, 0f, 1.0);
        int[] doc = new Random(3).ints(TOKENS, 0, 32000).toArray();
        batch = TrainingBatch.pack(new int[][]{doc}, null);
    }

    @TearDown
    public void tearDown() throws IOException {
        optimiser.close();
        model.close();
        backend.close();
        gguf.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public double step() {
        if (mode.equals("forward")) return model.logits(batch)[0];
        double loss = model.forwardBackward(batch, 1f / batch.lossTokens()).sum();
        optimiser.step(1e-4f);
        return loss;
    }
}
