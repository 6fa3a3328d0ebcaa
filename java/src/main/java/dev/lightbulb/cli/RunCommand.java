package dev.lightbulb.cli;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.games.BenchmarkRunner;
import dev.lightbulb.games.EngineChatModel;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.Games;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.InstanceOverlap;
import dev.lightbulb.games.InstanceSet;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.RunInfo;
import dev.lightbulb.games.Shard;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.LoraAdapter;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code lightbulb run --model FILE}: self-play of the clembench games with one model through the batching engine;
 * every episode is written when it finishes, and a rerun into the same folder plays only what is missing.
 * {@code --player expert} plays every seat with the games' programmatic experts instead ({@link Experts}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Play the clembench games in self-play with a model; resumable.")
public final class RunCommand implements Callable<Integer> {
    /** Options of a model run that mean nothing to the programmatic experts: given with them, they are an error. */
    private static final List<String> MODEL_ONLY = List.of("--model", "--tokenizer", "--lora", "--name", "--context", "--concurrency",
            "--temperature", "--seed", "--max-tokens", "--backend");

    @Spec
    CommandSpec spec;

    @Option(names = "--player", defaultValue = "model", paramLabel = "model|expert", description = "who plays every seat: "
            + "model (the --model in self-play) or expert (lightbulb's programmatic expert players, recorded as the model "
            + "'expert'; no model file, and the model and sampling options do not apply) (default ${DEFAULT-VALUE})")
    String player;

    @Option(names = "--model", paramLabel = "FILE|DIR", description = "the model: a GGUF file, a llama2.c .bin "
            + "(its tokenizer.bin beside it, or --tokenizer) or a Hugging Face folder (config.json, *.safetensors, "
            + "tokenizer.json) (default: the bundled stories260K)")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "the tokenizer, where the model does not carry it: "
            + "a llama2.c tokenizer.bin (default: tokenizer.bin beside a .bin model; GGUF files and Hugging Face folders bring their own)")
    Path tokenizer;

    @Option(names = "--lora", paramLabel = "ADAPTER", description = "play with a LoRA adapter applied unmerged: a llama.cpp GGUF "
            + "adapter or a PEFT folder (from finetune); records name it and its sha256")
    Path lora;

    @Option(names = "--games", defaultValue = "all", split = ",", description = "all, or game names (default ${DEFAULT-VALUE})")
    List<String> games;

    @Option(names = "--experiments", split = ",", description = "only these experiments (default: all)")
    Set<String> experiments;

    @Option(names = "--instances", paramLabel = "DIR|FILE", description = "play these instances instead of the bundled "
            + "clembench ones: a folder of <game>/instances.json (as `lightbulb instances` writes) or one instances.json; "
            + "recorded with its sha256 (default: the bundled instances)")
    Path instances;

    @Option(names = "--out", defaultValue = "results", description = "results folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--name", description = "model name in the records and the results folder name: a plain name, "
            + "no / or .. (default: the model's file or folder name without .gguf or .bin)")
    String name;

    @Mixin
    SamplingOptions options;

    @Option(names = "--concurrency", defaultValue = "64", description = "sequences generated at once (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--context", description = "run with this context length instead of the model's trained one (recorded)")
    Integer context;

    @Option(names = "--limit-instances", description = "play only the first N instances of each experiment")
    Integer limitInstances;

    @Option(names = "--shard", paramLabel = "K/N", description = "play only shard K of N (1-based; balanced by expected cost, same folder layout; e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)")
    String shard;

    @Option(names = "--overwrite-mismatched", description = "replace the episodes in the results folder that were recorded "
            + "with other settings (model file, context, sampling, numerics...) instead of stopping")
    boolean overwriteMismatched;

    @Override
    public Integer call() throws Exception {
        SamplingOptions.concurrency(concurrency);
        if (options.maxTokens <= 0) throw new LightbulbException("--max-tokens must be >= 1, got " + options.maxTokens);
        if (limitInstances != null && limitInstances <= 0) throw new LightbulbException("--limit-instances must be >= 1, got " + limitInstances);
        Shard part = shard == null ? null : Shard.parse(shard);
        if (!player.equals("model") && !player.equals("expert"))
            throw new LightbulbException("--player must be model or expert, got '" + player + "'");
        boolean all = games.equals(List.of("all"));
        InstanceSet set = instances == null ? InstanceSet.BUNDLED : InstanceSet.read(instances, all ? null : games);
        List<Game> selected = (all ? set.games() : games).stream().map(Games::byName).toList();
        for (Game g : selected) set.of(g.name());   // a named game the set lacks: stop before loading the model
        checkExperiments(selected, set);
        if (set.path() != null) noteOverlap(selected, set);
        if (player.equals("expert")) {
            for (String o : MODEL_ONLY)
                if (spec.commandLine().getParseResult().hasMatchedOption(o))
                    throw new LightbulbException(o + " does not apply to --player expert (the experts are programmatic: no model, no sampling)");
            runExperts(selected, set, part);
        } else {
            runModel(selected, set, part);
        }
        if (EvalCommand.evaluate(out, System.out).raw().isEmpty()) {
            System.out.println("no episode has scores: each failed episode's interactions.json says why (\"lightbulb failure\")");
        }
        TranscribeCommand.transcribe(out, System.out);
        return 0;
    }

    /** Every seat played by the games' experts: no model, no engine; recorded as {@link Experts#runInfo()}. */
    private void runExperts(List<Game> selected, InstanceSet set, Shard part) throws InterruptedException {
        RunInfo info = Experts.runInfo().withInstances(set);
        BenchmarkRunner runner = configure(new BenchmarkRunner(out, info, Experts.PLAYERS), set, part);
        BenchmarkRunner.Summary s = play(runner, selected, null, out.resolve(info.pairFolder()));
        printSummary(s);
    }

    private void printSummary(BenchmarkRunner.Summary s) {
        System.out.printf("played %d, skipped %d (already written), failed %d; results in %s%n", s.played(), s.skipped(), s.failed(), out);
    }

    /** The runner with the run's instances, instance limit, shard and experiments; says how many mismatched episodes it removed. */
    private BenchmarkRunner configure(BenchmarkRunner runner, InstanceSet set, Shard part) {
        runner.instances(set);
        if (limitInstances != null) runner.limitInstances(limitInstances);
        if (part != null) runner.shard(part);
        if (experiments != null) runner.onlyExperiments(experiments);
        int replaced = runner.overwriteMismatched(overwriteMismatched).claimResults();
        if (replaced > 0) System.out.printf("removed %d episodes recorded with other settings (the selected ones are played again)%n", replaced);
        return runner;
    }

    private void runModel(List<Game> selected, InstanceSet set, Shard part) throws Exception {
        SamplingParams sampling = options.params();
        int maxTokens = options.maxTokens;
        ModelArgument modelArg = ModelArgument.of(this.model);
        Path model = modelArg.file();
        String modelName = checkName(name != null ? name : modelArg.shortName());
        try (Backend b = Backends.create(options.backend); LoadedModel m = LoadedModel.open(model, tokenizer, b, context, lora)) {
            String sha256 = sha256(model);
            Path tokenizerFile = separateTokenizer(model, tokenizer);
            String tokenizerSha256 = tokenizerFile == null ? null : sha256(tokenizerFile);
            ChatFormat format = ChatFormat.orPlain(m.chatTemplate());
            LoraAdapter adapter = m.model().adapter();
            RunInfo info = new RunInfo(modelName, modelArg.recordedName(), sha256, tokenizerSha256,
                    adapter == null ? null : adapter.sha256(), adapter == null ? null : lora.toAbsolutePath().toString(),
                    RunInfo.quantisationOf(m.model().weightTypes()),
                    b.name(), b.numerics(), format.name(), runSettings(sampling, maxTokens, m)).withInstances(set);
            try (Engine engine = new Engine(m.model(), m.tokenizer(), format, Engine.defaultOptions(m.model(), concurrency))) {
                long start = System.nanoTime();
                BenchmarkRunner runner = configure(new BenchmarkRunner(out, info,
                        () -> new EngineChatModel(engine, modelName, sampling, maxTokens)), set, part);
                BenchmarkRunner.Summary s = play(runner, selected, engine, out.resolve(info.pairFolder()));
                printSummary(s);
                System.out.println("engine: " + engine.stats().summary((System.nanoTime() - start) / 1e9));
            }
        }
    }

    /**
     * The model name names the results folder ({@code <name>-t<T>--<name>-t<T>}): one plain folder name,
     * never a path (no separator, no "..", no control character), so records land where the user asked.
     */
    static String checkName(String name) {
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.contains("..")
                || name.chars().anyMatch(Character::isISOControl))
            throw new LightbulbException("--name: '" + name.replaceAll("\\p{Cntrl}", "?") + "' must be a plain folder name "
                    + "(no / or \\, no .., not empty): it names the results folder");
        return name;
    }

    /** Plays with a progress bar per game; {@code engine} (null for the experts) adds its tokens per second. */
    private static BenchmarkRunner.Summary play(BenchmarkRunner runner, List<Game> selected, Engine engine, Path pairDir) throws InterruptedException {
        Map<String, Integer> counts = runner.episodeCounts(selected);
        Map<String, ProgressBar> bars = new LinkedHashMap<>();
        Map<String, AtomicInteger> aborted = new HashMap<>(), failed = new HashMap<>();
        long start = System.nanoTime();
        try {
            for (Game g : selected) {
                ProgressBar bar = ProgressBars.create(g.name(), counts.get(g.name()), System.err);
                bar.stepTo(Math.min(counts.get(g.name()), written(pairDir.resolve(g.name()))));
                bars.put(g.name(), bar);
                aborted.put(g.name(), new AtomicInteger());
                failed.put(g.name(), new AtomicInteger());
            }
            runner.listener((game, scores) -> {
                if (scores == null) failed.get(game.name()).incrementAndGet();
                else if (scores.episode().getOrDefault(Metrics.ABORTED, 0).intValue() == 1) aborted.get(game.name()).incrementAndGet();
                ProgressBar bar = bars.get(game.name());
                bar.step();
                String speed = engine == null ? "" : String.format(", %.1f tok/s", engine.stats().generatedTokens() * 1e9 / (System.nanoTime() - start));
                bar.setExtraMessage(String.format("aborted %d, failed %d", aborted.get(game.name()).get(), failed.get(game.name()).get()) + speed);
            });
            return runner.run(selected);
        } finally {
            bars.values().forEach(ProgressBar::close);
        }
    }

    /** Every sampling setting, plus the context length the model ran with. */
    private static Map<String, Object> runSettings(SamplingParams sampling, int maxTokens, LoadedModel m) {
        Map<String, Object> s = new LinkedHashMap<>(EngineChatModel.samplingMap(sampling, maxTokens));
        s.put("context_length", m.model().config().contextLength());
        return s;
    }

    /** Episodes of a game already written in this pair folder (a rerun skips them). */
    private static int written(Path gameDir) {
        if (!Files.isDirectory(gameDir)) return 0;
        try (Stream<Path> s = Files.walk(gameDir, 3)) {
            return (int) s.filter(p -> p.getFileName().toString().equals("interactions.json")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A user's set may be meant for evaluation; episodes of instances that share an evaluation target are no training data. */
    private static void noteOverlap(List<Game> selected, InstanceSet set) {
        for (Game g : selected) {
            int shared = InstanceOverlap.check(g.name(), set.of(g.name()), GameInstances.bundled(g.name())).size();
            if (shared > 0) System.out.println("note: " + shared + " " + g.name() + " instances of " + set.path()
                    + " share their target with the bundled evaluation instances: do not train on their episodes");
        }
    }

    private void checkExperiments(List<Game> selected, InstanceSet set) {
        if (experiments == null) return;
        Set<String> known = new LinkedHashSet<>();
        for (Game g : selected) set.of(g.name()).experiments().forEach(e -> known.add(e.get("name").asText()));
        for (String e : experiments) {
            if (!known.contains(e)) throw new LightbulbException("--experiments: no experiment '" + e + "' in the selected games; known: " + known);
        }
    }

    /** The tokenizer file a model is read with when it does not carry its own, or null. */
    static Path separateTokenizer(Path model, Path tokenizer) {
        if (tokenizer != null) return tokenizer;
        if (model != null && !Files.isDirectory(model) && model.getFileName().toString().endsWith(".bin"))
            return model.resolveSibling("tokenizer.bin");
        return null;
    }

    /**
     * The sha256 of a model file; of a Hugging Face folder, the sha256 of the lines "name sha256" of its files
     * in name order (config, weights, tokenizer: everything the folder holds at its top level).
     */
    static String sha256(Path model) {
        if (!Files.isDirectory(model)) return InputFiles.sha256("--model", model);
        StringBuilder lines = new StringBuilder();
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList())
                lines.append(f.getFileName()).append(' ').append(InputFiles.sha256("--model", f)).append('\n');
        } catch (IOException e) {
            throw new LightbulbException("--model: cannot list " + model + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest().digest(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
