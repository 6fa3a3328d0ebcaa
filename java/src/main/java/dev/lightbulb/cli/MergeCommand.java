package dev.lightbulb.cli;

import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufQuantizer;
import dev.lightbulb.model.io.QuantizationType;
import dev.lightbulb.train.LoraMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Fold a LoRA adapter (llama.cpp GGUF or PEFT folder, as finetune writes them) into its base model: a GGUF whose "
                + "adapted weights are W + (alpha/r)·B·A in F32, or quantised with --type")
public final class MergeCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "the base GGUF model (default: bundled stories260K)")
    Path model;

    @Option(names = "--lora", required = true, paramLabel = "ADAPTER", description = "the LoRA adapter: a GGUF file or a PEFT folder")
    Path lora;

    @Option(names = "--out", required = true, paramLabel = "OUT.gguf", description = "the merged model to write")
    Path out;

    @Option(names = "--type", paramLabel = "TYPE", description = "quantise the merged model: q8_0, q4_0, q4_k, q6_k or q4_k_m (default: keep F32)")
    String type;

    @Override
    public Integer call() throws IOException {
        QuantizationType mix = type == null ? null : QuantizationType.parse(type);   // a bad --type fails before any work
        Path base = ModelArgument.of(model).file();
        Path merged = mix == null ? out : out.resolveSibling(out.getFileName() + ".f32.tmp");
        int changed = LoraMerge.merge(base, lora, merged);
        if (mix != null) {
            try (GgufFile f = GgufFile.open(merged)) {
                dev.lightbulb.OutputFiles.write(out, tmp -> GgufQuantizer.quantize(f, mix, tmp, line -> { }));
            } finally {
                Files.deleteIfExists(merged);
            }
        }
        System.out.println(out + ": " + changed + " weights merged with the adapter" + (mix == null ? "" : ", quantised to " + mix.cliName()));
        return 0;
    }
}
