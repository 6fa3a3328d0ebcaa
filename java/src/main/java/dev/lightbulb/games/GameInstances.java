package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * A game's instances file ({@code {"experiments": [{"name", ..., "game_instances": [...]}, ...]}}),
 * bundled under {@code /dev/lightbulb/games/<game>/instances.json} (clembench's in/instances.json).
 */
public final class GameInstances {
    private static final Map<String, GameInstances> BUNDLED = new ConcurrentHashMap<>();
    private final JsonNode root;
    private final List<JsonNode> experiments;

    private GameInstances(JsonNode root, String where) {
        this.root = root;
        JsonNode exps = Json.field(root, "experiments", where);
        if (!exps.isArray()) throw new LightbulbException(where + ": field 'experiments' must be a list");
        int i = 0;
        for (JsonNode e : exps) {
            String at = where + " experiments[" + i++ + "]";
            Json.text(e, "name", at);
            JsonNode inst = Json.field(e, "game_instances", at);
            if (!inst.isArray()) throw new LightbulbException(at + ": field 'game_instances' must be a list");
            for (JsonNode g : inst)
                if (!g.isObject()) throw new LightbulbException(at + ": every game instance must be an object");
        }
        this.experiments = StreamSupport.stream(exps.spliterator(), false).toList();
    }

    /** The instances shipped with lightbulb for a clembench game. */
    public static GameInstances bundled(String game) {
        return BUNDLED.computeIfAbsent(game, g -> {
            String res = "/dev/lightbulb/games/" + g + "/instances.json";
            return new GameInstances(Json.resource(res), "resource " + res);
        });
    }

    /** A user-supplied instances file. */
    public static GameInstances read(Path file) { return new GameInstances(Json.read(file), file.toString()); }

    /** Instances made in memory ({@code where} names them in errors), checked as a file is. */
    public static GameInstances of(JsonNode root, String where) { return new GameInstances(root, where); }

    /** The whole file as read, experiments and any other top-level field. */
    public JsonNode root() { return root; }

    public List<JsonNode> experiments() { return experiments; }

    /** The experiment called {@code name}, or a clear error. */
    public JsonNode experiment(String name) {
        for (JsonNode e : experiments) if (e.get("name").asText().equals(name)) return e;
        throw new LightbulbException("no experiment '" + name + "' in the instances; known: "
                + experiments.stream().map(e -> e.get("name").asText()).toList());
    }

    /** The n-th (0-based) instance of an experiment, as clembench's episode_n. */
    public JsonNode instance(String experiment, int n) {
        JsonNode list = experiment(experiment).get("game_instances");
        if (n < 0 || n >= list.size())
            throw new LightbulbException("experiment '" + experiment + "' has " + list.size()
                    + " instances; episode_" + n + " does not exist");
        return list.get(n);
    }
}
