package dev.lightbulb.cli;

import dev.lightbulb.InputFiles;
import dev.lightbulb.train.LoraMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Fold a LoRA adapter (llama.cpp GGUF, as finetune writes it) into its base model: a GGUF whose adapted weights are W + (alpha/r)·B·A in F32")
public final class MergeCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "the base GGUF model (default: bundled stories260K)")
    Path model;

    @Option(names = "--lora", required = true, paramLabel = "ADAPTER.gguf", description = "the LoRA adapter")
    Path lora;

    @Option(names = "--out", required = true, paramLabel = "OUT.gguf", description = "the merged model to write")
    Path out;

    @Override
    public Integer call() {
        InputFiles.requireReadableFile("--lora", lora, "a LoRA adapter GGUF");
        Path base = ModelArgument.of(model).file();
        int changed = LoraMerge.merge(base, lora, out);
        System.out.println(out + ": " + changed + " weights merged with the adapter");
        return 0;
    }
}
