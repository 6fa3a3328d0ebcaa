package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An episode folder of a clembench result tree, {@code .../<game>/[<model>/]<idx>_<experiment>/episode_<n>/}:
 * which game, model (pair) folder, experiment and instance it played. Without an instance.json (common in clembench's
 * published runs) the instance is the n-th of its experiment in the bundled instances.
 */
public record EpisodeDir(Path dir, Game game, String model, String experimentName, int index) {
    private static final Pattern EPISODE = Pattern.compile("episode_(\\d+)");
    private static final Pattern EXPERIMENT = Pattern.compile("(?:\\d+_)?(.+)");

    public static EpisodeDir of(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Matcher m = EPISODE.matcher(abs.getFileName().toString());
        if (!m.matches()) throw new LightbulbException(dir + ": not an episode folder (expected a name episode_<n>)");
        Path expDir = abs.getParent();
        // clembench: <game>/<idx>_<exp>/episode_n; also <game>/<model>/<exp>/episode_n
        Game game = null;
        String model = null;
        Path p = expDir.getParent();
        for (int up = 0; up < 2 && p != null && p.getFileName() != null && game == null; up++, p = p.getParent())
            for (Game g : Games.ALL)
                if (g.name().equals(p.getFileName().toString())) {
                    game = g;
                    Path modelDir = up == 0 ? p.getParent() : expDir.getParent();
                    model = modelDir == null || modelDir.getFileName() == null ? "" : modelDir.getFileName().toString();
                }
        if (game == null) throw new LightbulbException(dir + ": no game folder (one of "
                + Games.ALL.stream().map(Game::name).toList() + ") above the episode");
        Matcher e = EXPERIMENT.matcher(expDir.getFileName().toString());
        e.matches();
        return new EpisodeDir(abs, game, model, e.group(1), Integer.parseInt(m.group(1)));
    }

    /** Every episode folder under root that holds an interactions.json, in path order. */
    public static List<EpisodeDir> findAll(Path root) {
        if (!Files.isDirectory(root)) throw new LightbulbException(root + ": not a folder");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("interactions.json"))
                    .map(Path::getParent).filter(p -> EPISODE.matcher(p.getFileName().toString()).matches())
                    .sorted().map(EpisodeDir::of).toList();
        } catch (IOException ex) {
            throw new LightbulbException(root + ": cannot list (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * The experiment's folder name as clembench and {@link BenchmarkRunner} write it, {@code <idx>_<experiment>},
     * idx being the experiment's place in the game's instances (a source folder may lack the prefix).
     */
    public String experimentFolder() {
        return GameInstances.bundled(game.name()).experiments().indexOf(experiment()) + "_" + experimentName;
    }

    public JsonNode experiment() {
        return GameInstances.bundled(game.name()).experiment(experimentName);
    }

    public JsonNode instance() {
        Path own = dir.resolve("instance.json");
        if (Files.isRegularFile(own)) return Json.read(own);
        return GameInstances.bundled(game.name()).instance(experimentName, index);
    }

    public JsonNode interactions() { return Json.read(dir.resolve("interactions.json")); }

    /**
     * Why the runner recorded this episode as failed (its interactions.json's
     * {@link BenchmarkRunner#FAILURE_KEY}), or null for an episode that was played to its end.
     */
    public String failure() { return failure(interactions()); }

    static String failure(JsonNode interactions) {
        JsonNode f = interactions.get(BenchmarkRunner.FAILURE_KEY);
        return f == null ? null : f.asText();
    }

    /** {@link RecordShape#check}, naming this episode's interactions.json. */
    void checkShape(JsonNode interactions) {
        try {
            RecordShape.check(interactions);
        } catch (LightbulbException e) {
            throw new LightbulbException(dir.resolve("interactions.json") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Recomputes this episode's scores from its interactions.json. A failed episode has no result
     * (its transcript stops where the player threw), and neither has a broken record ({@link RecordShape}):
     * scoring either is an error, never a made-up Lose.
     */
    public Scores score() {
        JsonNode interactions = interactions();
        String failure = failure(interactions);
        if (failure != null)
            throw new LightbulbException(dir + ": recorded as failed (" + failure + "); a failed episode has no scores");
        checkShape(interactions);
        try {
            return game.score(interactions, experiment(), instance());
        } catch (RuntimeException e) {
            if (e instanceof LightbulbException le) throw new LightbulbException(dir + ": " + le.getMessage(), le);
            throw new LightbulbException(dir.resolve("interactions.json") + ": cannot be scored (" + e + ")", e);
        }
    }
}
