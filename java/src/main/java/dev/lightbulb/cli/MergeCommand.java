package dev.lightbulb.cli;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.ResultsMerge;
import dev.lightbulb.games.browse.ResultsBrowser;
import dev.lightbulb.train.LoraMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb merge}: two merges that share a verb. {@code merge DIR... --out DIR} joins results folders (the
 * shards of a run) into a new one ({@link ResultsMerge}); {@code merge --lora ADAPTER --out MODEL} folds a LoRA
 * adapter into its base model ({@link LoraMerge}).
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"merge DIR... --out DIR: join results folders (e.g. the shards of one run) into a new folder, with its results.csv, raw.csv and "
                + "transcripts. Copies of an episode in several folders must be the same (timestamps aside), else nothing is written; "
                + "planned episodes that no folder holds are reported; --out must not exist and appears complete or not at all.",
                "merge --lora ADAPTER --out MODEL: fold a LoRA adapter (llama.cpp GGUF, as finetune writes it) into its base model: "
                        + "a GGUF whose adapted weights are W + (alpha/r)·B·A in F32."})
public final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "results folders to join (without --lora)")
    List<Path> dirs;

    @Option(names = "--model", paramLabel = "FILE", description = "with --lora: the base GGUF model (default: bundled stories260K)")
    Path model;

    @Option(names = "--lora", paramLabel = "ADAPTER.gguf", description = "the LoRA adapter to fold into --model")
    Path lora;

    @Option(names = "--out", required = true, paramLabel = "DIR|OUT.gguf", description = "the new results folder, or with --lora the merged model to write")
    Path out;

    @Override
    public Integer call() {
        boolean folders = dirs != null && !dirs.isEmpty();
        if (lora != null) {
            if (folders) throw new LightbulbException("merge --lora folds an adapter into a model and takes no results folders (got " + dirs.getFirst() + ")");
            return mergeAdapter();
        }
        if (model != null) throw new LightbulbException("--model applies to merge --lora only; to join results folders give merge DIR... --out DIR");
        if (!folders) throw new LightbulbException("give the results folders to join (merge DIR... --out DIR) or an adapter (merge --lora ADAPTER --out MODEL)");
        return mergeResults();
    }

    private int mergeAdapter() {
        InputFiles.requireReadableFile("--lora", lora, "a LoRA adapter GGUF");
        Path base = ModelArgument.of(model).file();
        int changed = LoraMerge.merge(base, lora, out);
        System.out.println(out + ": " + changed + " weights merged with the adapter");
        return 0;
    }

    private int mergeResults() {
        ResultsMerge.Plan plan = ResultsMerge.plan(dirs);
        if (plan.episodes().isEmpty()) throw new LightbulbException("no episode (a folder episode_<n> with its interactions.json) in " + dirs + ": nothing to merge");
        ResultsMerge.write(plan, out, staged -> {
            EvalCommand.evaluate(staged, System.out);
            ResultsBrowser.write(staged, System.err);
        });
        EvalCommand.reportGaps(plan, System.out);
        System.out.println("merged " + plan.episodes().size() + " episodes from " + dirs.size() + " folders into " + out
                + "; results browser: " + out.resolve("index.html"));
        return 0;
    }
}
