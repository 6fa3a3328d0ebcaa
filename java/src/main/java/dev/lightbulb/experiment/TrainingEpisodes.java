package dev.lightbulb.experiment;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.BenchmarkRunner;
import dev.lightbulb.games.EpisodeDataset;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.InstanceOverlap;
import dev.lightbulb.games.InstanceSet;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.RunInfo;
import dev.lightbulb.games.TrainingInstances;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The grid's finetuning data: the expert players' successful episodes on the training instances, never on the
 * evaluation instances (checked), in a seeded order per game, so amount k is the first k episodes of each game and a
 * smaller amount is a subset of a larger one. The experts' records stay in {@code expert-episodes/} (a rerun plays
 * only what is missing).
 */
final class TrainingEpisodes {
    static final String INSTANCES = "train-instances", EPISODES = "expert-episodes";

    private TrainingEpisodes() {}

    /**
     * The training set: {@code given}, or (null) {@code n} new instances per game drawn with {@code seed} into
     * {@code out/train-instances}; either way checked to share no target with {@code eval}.
     */
    static InstanceSet instances(Path given, List<Game> games, InstanceSet eval, long seed, int n, Path out) {
        Path dir = given;
        if (dir == null) {
            dir = out.resolve(INSTANCES);
            for (Game g : games) {
                Path file = dir.resolve(g.name()).resolve("instances.json");
                if (!Files.isRegularFile(file)) Json.write(file, TrainingInstances.generate(g.name(), seed, n).root());
            }
        }
        InstanceSet set = InstanceSet.read(dir, games.stream().map(Game::name).toList());
        for (Game g : games) InstanceOverlap.requireDisjoint(g.name(), set.of(g.name()), eval.of(g.name()), dir.toString());
        return set;
    }

    /** Plays the experts on {@code set} and returns each game's successful episodes in the seeded order. */
    static Map<Game, List<EpisodeDataset.Episode>> play(InstanceSet set, List<Game> games, long seed, Path out) throws InterruptedException {
        Path results = out.resolve(EPISODES);
        RunInfo info = Experts.runInfo().withInstances(set);
        BenchmarkRunner runner = new BenchmarkRunner(results, info, Experts.PLAYERS).instances(set);
        runner.claimResults();
        runner.run(games);
        Map<Game, List<EpisodeDataset.Episode>> byGame = new LinkedHashMap<>();
        for (Game g : games) {
            Path dir = results.resolve(info.pairFolder()).resolve(g.name());
            List<EpisodeDataset.Episode> ok = Files.isDirectory(dir) ? new ArrayList<>(successful(dir)) : new ArrayList<>();
            Collections.shuffle(ok, new Random(seed ^ g.name().hashCode()));
            byGame.put(g, List.copyOf(ok));
        }
        return byGame;
    }

    private static List<EpisodeDataset.Episode> successful(Path dir) {
        try {
            return EpisodeDataset.episodes(dir, true);
        } catch (LightbulbException e) {   // no episode recorded at all
            return List.of();
        }
    }

    /** Every amount must be available in every game: a clear error naming the first one that is not. */
    static void requireEnough(Map<Game, List<EpisodeDataset.Episode>> episodes, List<Integer> amounts) {
        int largest = Collections.max(amounts);
        for (Map.Entry<Game, List<EpisodeDataset.Episode>> e : episodes.entrySet()) {
            if (e.getValue().size() < largest) {
                throw new LightbulbException("--amounts: " + largest + " episodes per game, but the experts won only " + e.getValue().size()
                        + " " + e.getKey().name() + " episodes of the training instances; make more (--train-n) or lower the amounts");
            }
        }
    }
}
