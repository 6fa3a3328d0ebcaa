package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.train.FinetuneSettings;
import dev.lightbulb.train.Finetuner;
import dev.lightbulb.train.LoraConfig;
import dev.lightbulb.train.LoraTarget;
import dev.lightbulb.train.ModelShape;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Finetune a GGUF model on chat or text JSONL with LoRA (default) or in full; writes train_log.jsonl and adapter.gguf (LoRA) or model.gguf (--full) into --out")
public final class FinetuneCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "GGUF model (default: bundled stories260K)")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "one {\"messages\": [{\"role\", \"content\"}, …]} (learns the assistant replies) or {\"text\": …} per line")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for train_log.jsonl, checkpoint.gguf and the result")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its checkpoint (same model, data and settings), bit-identically to a run never stopped")
    Path resume;

    @Option(names = "--save-every", paramLabel = "N", defaultValue = "50", description = "steps between checkpoints; the last step always saves (default ${DEFAULT-VALUE})")
    int saveEvery;

    @Option(names = "--full", description = "train every weight (F32, F16 or BF16 models) instead of a LoRA adapter")
    boolean full;

    @Option(names = "--lora-rank", paramLabel = "R", defaultValue = "16", description = "LoRA rank (default ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--lora-alpha", paramLabel = "A", defaultValue = "32", description = "LoRA alpha; the update is scaled by alpha/rank (default ${DEFAULT-VALUE})")
    float alpha;

    @Option(names = "--targets", paramLabel = "LIST", defaultValue = "q,k,v,o,gate,up,down",
            description = "default ${DEFAULT-VALUE}: the projections LoRA adapts; add output for the output projection")
    String targets;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "optimiser steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--epochs", paramLabel = "E", description = "instead of --steps: as many steps as pass over the data E times (its tokens x E / --batch-tokens)")
    Double epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "2e-4", description = "peak learning rate of AdamW (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10", description = "linear warm-up steps, then cosine decay to a tenth (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "4096", description = "tokens per optimiser step, accumulated over micro-batches (default ${DEFAULT-VALUE})")
    int batchTokens;

    @Option(names = "--seq-len", paramLabel = "N", defaultValue = "1024", description = "rows per micro-batch; longer examples are truncated (default ${DEFAULT-VALUE})")
    int seqLen;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0", description = "AdamW weight decay on matrices (default ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "1.0", description = "global gradient-norm clipping, 0 = none (default ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "example order and LoRA initialisation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--init", paramLabel = "random", description = "random: train a new model of --shape from scratch (GPT-2 initialisation, "
            + "seeded by --seed) with the tokenizer and family of --model; needs --full")
    String init;

    @Option(names = "--shape", paramLabel = "SHAPE", description = "with --init random: dim=N,layers=N,heads=N[,kv-heads=N],hidden=N[,context=N]")
    String shape;

    @Option(names = "--snapshots", description = "with --full: keep every saved model (each --save-every steps) as snapshots/model-step<N>.gguf")
    boolean snapshots;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, cpu or cuda; auto trains on the CPU where the GPU backend offers no training ops (default ${DEFAULT-VALUE})")
    String backendName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (out == null && resume == null) throw new LightbulbException("finetune needs --out DIR (or --resume DIR)");
        if (out != null && resume != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new LightbulbException("--resume " + resume + " continues the run in that folder; --out " + out + " names another");
        }
        Path dir = resume != null ? resume : out;
        ModelArgument modelArg = ModelArgument.of(model);
        LoraConfig lora = full ? null : new LoraConfig(rank, alpha, LoraTarget.parse(targets), seed);
        if (full && spec.commandLine().getParseResult().hasMatchedOption("--lora-rank")) {
            throw new LightbulbException("--full trains every weight; --lora-rank does not apply");
        }
        if (epochs != null && spec.commandLine().getParseResult().hasMatchedOption("--steps")) {
            throw new LightbulbException("give --steps or --epochs, not both");
        }
        if (epochs != null && batchTokens >= 1) steps = Finetuner.stepsForEpochs(modelArg.file(), data, seqLen, batchTokens, epochs);
        if (init != null && !init.equals("random")) throw new LightbulbException("--init: only 'random' is known, got '" + init + "'");
        if ((init == null) != (shape == null)) throw new LightbulbException("--init random and --shape go together");
        if (init != null && !full) throw new LightbulbException("--init random trains every weight of a new model: add --full");
        FinetuneSettings settings = new FinetuneSettings(modelArg.file(), data, dir, lora, steps, lr, warmup, batchTokens,
                seqLen, weightDecay, clip, seed, saveEvery, resume != null, shape == null ? null : ModelShape.parse(shape), snapshots);
        Finetuner.Outcome outcome;
        try (Backend backend = trainingBackend(backendName, System.err);
             ProgressBar bar = ProgressBars.create("finetune", steps, System.err)) {
            outcome = new Finetuner(settings, backend).run(s -> {
                bar.stepTo(s.step());
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %.0f tok/s", s.loss(), s.tokensPerSecond()));
            });
        }
        PrintStream o = System.out;
        if (outcome.steps().isEmpty()) {
            o.println("nothing to do: the run in " + dir + " has finished its " + steps + " steps");
        } else {
            o.printf(Locale.ROOT, "%d examples (%d truncated to --seq-len), steps %d-%d: loss %.4f -> %.4f%n", outcome.examples(),
                    outcome.truncated(), outcome.steps().getFirst().step(), outcome.steps().getLast().step(), outcome.firstLoss(),
                    outcome.lastLoss());
        }
        o.println("log: " + dir.resolve(Finetuner.LOG) + " (loss curve: " + dir.resolve("loss.png") + ")");
        o.println((full ? "model: " : "adapter: ") + outcome.result() + (full ? "" : " (llama.cpp); PEFT: " + dir.resolve("adapter_config.json")
                + ", " + dir.resolve("adapter_model.safetensors")));
        return 0;
    }

    /** {@code auto} falls back to the CPU, saying so, when the backend it finds cannot train (CUDA until verified). */
    static Backend trainingBackend(String name, PrintStream err) {
        Backend b = Backends.create(name);
        if (!name.equals("auto")) return b;
        try {
            b.trainingOps();
            return b;
        } catch (LightbulbException e) {
            b.close();
            err.println("finetune: training on the CPU (" + e.getMessage() + ")");
            return Backends.create("cpu");
        }
    }
}
