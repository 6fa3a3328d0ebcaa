package dev.lightbulb.cli;

import dev.lightbulb.model.io.Llama2cCheckpoint;
import dev.lightbulb.model.io.Llama2cConverter;
import dev.lightbulb.text.Llama2cTokenizerFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lightbulb convert}: a llama2.c checkpoint and tokenizer to a GGUF llama model (F32). */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a llama2.c checkpoint (.bin) and its tokenizer.bin into a GGUF model (F32), "
                + "with the metadata and layout of llama.cpp's convert-llama2c-to-ggml.")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--llama2c", required = true, paramLabel = "MODEL.bin", description = "llama2.c checkpoint")
    Path checkpoint;

    @Option(names = "--tokenizer", required = true, paramLabel = "TOKENIZER.bin", description = "llama2.c tokenizer.bin")
    Path tokenizer;

    @Option(names = "--out", required = true, paramLabel = "OUT.gguf", description = "GGUF file to write")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Llama2cTokenizerFile tok = Llama2cTokenizerFile.read(tokenizer);
        try (Llama2cCheckpoint model = Llama2cCheckpoint.open(checkpoint)) {
            Llama2cConverter.toGguf(model, tok).write(out);
            o.printf("%s: dim %d, hidden %d, %d layers, %d heads (%d kv), vocab %d, context %d, %s classifier%n",
                    checkpoint.getFileName(), model.dim(), model.hiddenDim(), model.layers(), model.heads(),
                    model.kvHeads(), model.vocabSize(), model.seqLen(), model.sharedClassifier() ? "tied" : "separate");
            o.printf("wrote %s (%d tensors, F32)%n", out, model.tensors().size());
        }
        return 0;
    }
}
