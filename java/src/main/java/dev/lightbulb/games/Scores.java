package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lightbulb.LightbulbException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An episode's {@code scores.json}: {@code {"turn scores": {idx: {name: value}}, "episode scores":
 * {name: value}}}. Values are Integer, Double (NaN for "not defined", as clembench's np.nan) or null.
 */
public final class Scores {
    private final Map<String, Map<String, Number>> turns = new LinkedHashMap<>();
    private final Map<String, Number> episode = new LinkedHashMap<>();

    public void turn(int index, String name, Number value) {
        turns.computeIfAbsent(Integer.toString(index), k -> new LinkedHashMap<>()).put(name, value);
    }

    public void episode(String name, Number value) { episode.put(name, value); }

    public Map<String, Number> episode() { return episode; }

    public Map<String, Map<String, Number>> turns() { return turns; }

    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        ObjectNode t = root.putObject("turn scores");
        turns.forEach((idx, m) -> put(t.putObject(idx), m));
        put(root.putObject("episode scores"), episode);
        return root;
    }

    private static void put(ObjectNode node, Map<String, Number> values) {
        values.forEach((k, v) -> {
            if (v == null) node.putNull(k);
            else if (v instanceof Integer i) node.put(k, i);
            else if (v instanceof Long l) node.put(k, l);
            else node.put(k, v.doubleValue());
        });
    }

    /**
     * Reads and checks a scores.json file: an object with a "turn scores" object and an "episode scores"
     * object whose values are numbers (NaN included; Python's booleans are numbers) or null, with clembench's Aborted (0 or 1) and Main
     * Score; anything else is a LightbulbException naming the file and what is wrong (never a made-up score).
     */
    public static Scores read(Path file) {
        JsonNode root = Json.read(file);
        String problem = problem(root);
        if (problem != null) throw new LightbulbException(file + ": " + problem);
        return fromJson(root);
    }

    private static String problem(JsonNode root) {
        if (!root.isObject()) return "not a clembench scores file (no object with 'turn scores' and 'episode scores')";
        if (!root.path("turn scores").isObject()) return "no 'turn scores' object";
        JsonNode episode = root.get("episode scores");
        if (episode == null || !episode.isObject()) return "no 'episode scores' object";
        for (var e : episode.properties())
            if (!e.getValue().isNumber() && !e.getValue().isBoolean() && !e.getValue().isNull())
                return "episode score '" + e.getKey() + "' is not a number";
        Number aborted = episode.has(Metrics.ABORTED) ? number(episode.get(Metrics.ABORTED)) : null;
        if (aborted == null || aborted.doubleValue() != 0 && aborted.doubleValue() != 1)
            return "episode score 'Aborted' is missing or not 0 or 1";
        if (!episode.has(Metrics.MAIN_SCORE)) return "episode score 'Main Score' is missing";
        return null;
    }

    /** Reads a scores.json tree (ours or clembench's). */
    public static Scores fromJson(JsonNode root) {
        Scores s = new Scores();
        root.path("turn scores").properties().forEach(t -> t.getValue().properties()
                .forEach(e -> s.turns.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>())
                        .put(e.getKey(), number(e.getValue()))));
        root.path("episode scores").properties().forEach(e -> s.episode.put(e.getKey(), number(e.getValue())));
        return s;
    }

    private static Number number(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isBoolean()) return v.asBoolean() ? 1 : 0;
        if (v.isIntegralNumber()) return v.asInt();
        if (v.isNumber()) return v.asDouble();
        if (v.isTextual() && v.asText().equals("NaN")) return Double.NaN;
        return Double.NaN;
    }
}
