package dev.lightbulb.experiment;

import dev.lightbulb.InputFiles;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.games.BenchmarkRunner;
import dev.lightbulb.games.EngineChatModel;
import dev.lightbulb.games.Evaluator;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.InstanceSet;
import dev.lightbulb.games.RunInfo;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.LoraAdapter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model (with its adapter, if any) playing games in self-play into a clembench results folder, greedily, as
 * {@code lightbulb run} plays them (same runner, records and settings check); a rerun plays only what is missing.
 */
final class SelfPlay {
    private SelfPlay() {}

    /** clembench's scores of what {@code results} holds: clemscore, % played, quality (NaN where nothing was played). */
    record Scores(double clemscore, double played, double quality, int episodes) {}

    static Scores play(Backend backend, Path model, Path lora, String name, List<Game> games, InstanceSet instances, Integer limitInstances,
                       int maxTokens, Path results) throws InterruptedException {
        try (LoadedModel m = LoadedModel.open(model, null, backend, null, lora)) {
            LoraAdapter adapter = m.model().adapter();
            ChatFormat format = ChatFormat.orPlain(m.chatTemplate());
            Map<String, Object> sampling = new LinkedHashMap<>(EngineChatModel.samplingMap(SamplingParams.GREEDY, maxTokens));
            sampling.put("context_length", m.model().config().contextLength());
            RunInfo info = new RunInfo(name, model.toAbsolutePath().toString(), InputFiles.sha256("--model", model), null,
                    adapter == null ? null : adapter.sha256(), lora == null ? null : lora.toAbsolutePath().toString(),
                    RunInfo.quantisationOf(m.model().weightTypes()), backend.name(), backend.numerics(), format.name(), sampling)
                    .withInstances(instances);
            try (Engine engine = new Engine(m.model(), m.tokenizer(), format, Engine.defaultOptions(m.model(), 64))) {
                BenchmarkRunner runner = new BenchmarkRunner(results, info, () -> new EngineChatModel(engine, name, SamplingParams.GREEDY, maxTokens))
                        .instances(instances);
                if (limitInstances != null) runner.limitInstances(limitInstances);
                runner.claimResults();
                runner.run(games);
            }
        }
        return scores(results);
    }

    /** The one model's clembench scores in {@code results}. */
    static Scores scores(Path results) {
        Evaluator.Collected c = Evaluator.collect(results);
        if (c.raw().isEmpty()) return new Scores(0, 0, Double.NaN, 0);
        Evaluator.ModelResult r = Evaluator.results(c.raw()).getFirst();
        int episodes = (int) c.raw().stream().filter(s -> s.metric().equals(Evaluator.PLAYED)).count();
        // no episode played to its end: clembench's clemscore is undefined there, the skill is nil
        double clemscore = Double.isNaN(r.clemscore()) && r.avgPlayed() == 0 ? 0 : r.clemscore();
        return new Scores(clemscore, r.avgPlayed(), r.avgQuality(), episodes);
    }
}
