package dev.lightbulb.cli;

import dev.lightbulb.OutputFiles;
import dev.lightbulb.engine.RandomGguf;
import dev.lightbulb.engine.RandomWeights;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.tensor.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lightbulb bench random-model}: a random-weight GGUF file that lightbulb and llama.cpp both load. */
@Command(name = "random-model", mixinStandardHelpOptions = true,
        description = "Write a llama GGUF of a given shape with random weights (for timing engines on the same file).")
public final class BenchRandomModelCommand implements Callable<Integer> {

    @Option(names = "--shape", defaultValue = "stories110M", description = "stories15M, stories110M or 1b-32k (default ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--weight-type", defaultValue = "Q8_0", description = "F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K (default ${DEFAULT-VALUE})")
    String weightType;

    @Option(names = "--context", defaultValue = "1024", description = "context length written to the file (default ${DEFAULT-VALUE})")
    int context;

    @Option(names = "--output", required = true, description = "the GGUF file to write")
    Path output;

    @Override
    public Integer call() {
        ModelConfig config = RandomWeights.shape(shape, context);
        GgmlType type = BenchEngineCommand.weightType(weightType);
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        RandomGguf.write(config, type, partial);
        OutputFiles.replace(partial, output);
        System.err.printf("wrote %s: %s, %s weights, %.2f B parameters%n", output, shape, type, RandomWeights.parameters(config) / 1e9);
        return 0;
    }
}
