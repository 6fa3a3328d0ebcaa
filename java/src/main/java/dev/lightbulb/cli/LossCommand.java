package dev.lightbulb.cli;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.train.HeldOutLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "loss", mixinStandardHelpOptions = true,
        description = "The mean cross-entropy of a model on held-out data (chat or text JSONL, as finetune reads it), in nats per learned token")
public final class LossCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE|DIR", description = "the model (default: bundled stories260K)")
    Path model;

    @Option(names = "--lora", paramLabel = "ADAPTER", description = "a LoRA adapter applied unmerged")
    Path lora;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "held-out chat or text JSONL")
    Path data;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME", description = "auto, cpu or cuda (default ${DEFAULT-VALUE})")
    String backendName;

    @Override
    public Integer call() {
        try (Backend b = Backends.create(backendName); LoadedModel m = LoadedModel.open(ModelArgument.of(model).file(), null, b, null, lora)) {
            HeldOutLoss.Result r = HeldOutLoss.measure(m, data);
            System.out.printf(Locale.ROOT, "loss %.6f nats per token over %d tokens of %d documents%n", r.loss(), r.tokens(), r.documents());
        }
        return 0;
    }
}
