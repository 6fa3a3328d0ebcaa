package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.Games;
import dev.lightbulb.games.InstanceOverlap;
import dev.lightbulb.games.InstanceSet;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.TrainingInstances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb instances GAME --seed S --n N --out DIR}: new instances of a game for training, none sharing a
 * target with the bundled evaluation instances; {@code lightbulb instances --check DIR|FILE}: whether a set does.
 */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = "Make training instances of a clembench game (its experiments and prompts, new targets drawn with a "
                + "seed, never a target of the bundled evaluation instances) into DIR/<game>/instances.json for run --instances; "
                + "or, with --check, report the instances of a set that share a target with the evaluation set (exit 2 if any)")
public final class InstancesCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "GAME", description = "a game name, or all")
    String game;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--n", paramLabel = "N", description = "instances per game, split evenly over its experiments")
    Integer n;

    @Option(names = "--out", paramLabel = "DIR", description = "folder to write <game>/instances.json into")
    Path out;

    @Option(names = "--overwrite", description = "replace an instances.json of other content already in DIR")
    boolean overwrite;

    @Option(names = "--check", paramLabel = "DIR|FILE", description = "instead: check a set (a folder of <game>/instances.json, "
            + "or one file; GAME names the game of a file that does not say it) against the evaluation set")
    Path check;

    @Override
    public Integer call() {
        if (check != null) {
            if (n != null || out != null) throw new LightbulbException("--check takes the set to check (and GAME for a file that does not name its game), no --n or --out");
            return check(check, game == null || game.equals("all") ? null : List.of(Games.byName(game).name()));
        }
        if (game == null) throw new LightbulbException("name a GAME (one of " + names() + ", or all), or give --check DIR|FILE");
        if (n == null) throw new LightbulbException("--n: how many instances to make is required");
        if (out == null) throw new LightbulbException("--out: the folder to write into is required");
        if (n <= 0) throw new LightbulbException("--n must be >= 1, got " + n);
        List<String> games = game.equals("all") ? names() : List.of(Games.byName(game).name());
        List<GameInstances> made = new ArrayList<>();
        for (String g : games) made.add(TrainingInstances.generate(g, seed, n));   // all made before any is written
        for (int i = 0; i < games.size(); i++) write(games.get(i), made.get(i));
        return 0;
    }

    private void write(String g, GameInstances set) {
        Path file = out.resolve(g).resolve("instances.json");
        if (Files.exists(file) && !overwrite && !Json.read(file).equals(asRead(set.root())))
            throw new LightbulbException(file + " exists with other instances; use another --out or --overwrite");
        Json.write(file, set.root());
        List<String> each = new ArrayList<>();
        for (JsonNode e : set.experiments()) each.add(e.get("name").asText() + " " + e.get("game_instances").size());
        JsonNode info = set.root().get(TrainingInstances.GENERATED);
        System.out.println(g + ": " + n + " instances (" + String.join(", ", each) + "), seed " + seed + "; no target shared with the "
                + info.get("evaluation_targets_excluded").asInt() + " evaluation targets -> " + file);
    }

    /** The tree as it reads back from its file (numbers as the parser types them), to compare with a file. */
    private static JsonNode asRead(JsonNode tree) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);   // a tree just made always serialises
        }
    }

    /** Reports each game of the set; 0 if none shares a target with the evaluation set, else a user error (exit 2). */
    private static int check(Path path, List<String> only) {
        InstanceSet set = InstanceSet.read(path, only);
        int shared = 0;
        for (String g : only == null ? set.games() : only) {
            List<InstanceOverlap.Shared> s = InstanceOverlap.check(g, set.of(g), GameInstances.bundled(g));
            int total = set.of(g).experiments().stream().mapToInt(e -> e.get("game_instances").size()).sum();
            System.out.println(g + ": " + total + " instances, " + s.size() + " sharing a target with the evaluation set"
                    + (s.isEmpty() ? "" : ": " + String.join(", ", s.stream().limit(5).map(Object::toString).toList())
                    + (s.size() > 5 ? ", ..." : "")));
            shared += s.size();
        }
        if (shared > 0)
            throw new LightbulbException(path + ": " + shared + " instances share their target with the evaluation set; "
                    + "a training set must not overlap it");
        return 0;
    }

    private static List<String> names() { return Games.ALL.stream().map(dev.lightbulb.games.Game::name).toList(); }
}
