package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.games.ResultsMerge;
import dev.lightbulb.games.browse.ResultsBrowser;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufQuantizer;
import dev.lightbulb.model.io.QuantizationType;
import dev.lightbulb.train.LoraMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
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
                "merge --lora ADAPTER --out MODEL: fold a LoRA adapter (llama.cpp GGUF or PEFT folder, as finetune writes them) into its "
                        + "base model: a GGUF whose adapted weights are W + (alpha/r)·B·A in F32, or quantised with --type."})
public final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "results folders to join (without --lora)")
    List<Path> dirs;

    @Option(names = "--model", paramLabel = "FILE", description = "with --lora: the base GGUF model (default: bundled stories260K)")
    Path model;

    @Option(names = "--lora", paramLabel = "ADAPTER", description = "the LoRA adapter to fold into --model: a GGUF file or a PEFT folder")
    Path lora;

    @Option(names = "--out", required = true, paramLabel = "DIR|OUT.gguf", description = "the new results folder, or with --lora the merged model to write")
    Path out;

    @Option(names = "--type", paramLabel = "TYPE", description = "with --lora: quantise the merged model: q8_0, q4_0, q4_k, q6_k or q4_k_m (default: keep F32)")
    String type;

    @Override
    public Integer call() throws IOException {
        boolean folders = dirs != null && !dirs.isEmpty();
        if (lora != null) {
            if (folders) throw new LightbulbException("merge --lora folds an adapter into a model and takes no results folders (got " + dirs.getFirst() + ")");
            return mergeAdapter();
        }
        if (model != null || type != null)
            throw new LightbulbException((model != null ? "--model" : "--type") + " applies to merge --lora only; to join results folders give merge DIR... --out DIR");
        if (!folders) throw new LightbulbException("give the results folders to join (merge DIR... --out DIR) or an adapter (merge --lora ADAPTER --out MODEL)");
        return mergeResults();
    }

    private int mergeAdapter() throws IOException {
        QuantizationType mix = type == null ? null : QuantizationType.parse(type);   // a bad --type fails before any work
        Path base = ModelArgument.of(model).file();
        Path merged = mix == null ? out : out.resolveSibling(out.getFileName() + ".f32.tmp");
        int changed = LoraMerge.merge(base, lora, merged);
        if (mix != null) {
            try (GgufFile f = GgufFile.open(merged)) {
                OutputFiles.write(out, tmp -> GgufQuantizer.quantize(f, mix, tmp, line -> { }));
            } finally {
                Files.deleteIfExists(merged);
            }
        }
        System.out.println(out + ": " + changed + " weights merged with the adapter" + (mix == null ? "" : ", quantised to " + mix.cliName()));
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
