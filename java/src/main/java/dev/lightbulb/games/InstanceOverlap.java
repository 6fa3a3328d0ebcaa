package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a training instance set shares a target (taboo's or wordle's target word, imagegame's or referencegame's
 * target grid, privateshared's slot values; {@link InstanceGenerator#target}) with an evaluation set: finetuning on
 * the benchmark's own targets would be contamination.
 */
public final class InstanceOverlap {
    private InstanceOverlap() {}

    /** A training instance whose target an evaluation instance has too. */
    public record Shared(String target, String trainExperiment, int trainIndex, String evalExperiment) {
        @Override public String toString() {
            return "'" + target.replace("\n", "/") + "' (" + trainExperiment + " instance " + trainIndex + "; evaluation " + evalExperiment + ")";
        }
    }

    /** Every target of an instance set. */
    public static Set<String> targets(InstanceGenerator game, GameInstances set) {
        return byTarget(game, set).keySet();
    }

    /** The training instances that share their target with an evaluation instance, in training order; empty if none. */
    public static List<Shared> check(String game, GameInstances train, GameInstances eval) {
        InstanceGenerator gen = InstanceGenerators.forGame(game);
        Map<String, String> evalTargets = byTarget(gen, eval);
        List<Shared> out = new ArrayList<>();
        for (JsonNode exp : train.experiments()) {
            JsonNode list = exp.get("game_instances");
            for (int i = 0; i < list.size(); i++) {
                String t = gen.target(list.get(i));
                String where = evalTargets.get(t);
                if (where != null) out.add(new Shared(t, exp.get("name").asText(), i, where));
            }
        }
        return out;
    }

    /** {@link #check}, failing with a user error that names {@code trainName} and the first shared targets. */
    public static void requireDisjoint(String game, GameInstances train, GameInstances eval, String trainName) {
        List<Shared> shared = check(game, train, eval);
        if (shared.isEmpty()) return;
        int total = train.experiments().stream().mapToInt(e -> e.get("game_instances").size()).sum();
        throw new LightbulbException(trainName + ": " + shared.size() + " of " + total + " " + game
                + " instances share their target with the evaluation instances, e.g. "
                + String.join(", ", shared.stream().limit(3).map(Shared::toString).toList())
                + "; a training set must not overlap the evaluation set");
    }

    /** Target -> the first experiment that has it. */
    private static Map<String, String> byTarget(InstanceGenerator gen, GameInstances set) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode exp : set.experiments())
            for (JsonNode inst : exp.get("game_instances")) out.putIfAbsent(gen.target(inst), exp.get("name").asText());
        return out;
    }
}
