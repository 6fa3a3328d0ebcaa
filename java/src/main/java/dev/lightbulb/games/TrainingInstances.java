package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * New instances of a game for training: the bundled (evaluation) instances' experiments with their settings and
 * prompt texts, new targets drawn with a seed by the game's {@link InstanceGenerator}, never a target of the
 * evaluation set. Written in clembench's instances.json layout, which {@code run --instances} plays; the top-level
 * field {@value #GENERATED} says how they were made
 * (game, seed, n, how many evaluation targets were left out).
 */
public final class TrainingInstances {
    private TrainingInstances() {}

    /** Top-level field of a generated instances.json: game, seed and n. */
    public static final String GENERATED = "lightbulb_generated";

    /**
     * {@code n} instances of {@code game} split as evenly as the resources allow over its experiments (earlier
     * experiments take the remainder; one with too few targets leaves its share to the others). The same seed gives
     * the same instances; a user error if n is not positive or larger than the resources allow.
     */
    public static GameInstances generate(String game, long seed, int n) {
        InstanceGenerator gen = InstanceGenerators.forGame(game);
        if (n <= 0) throw new LightbulbException("--n must be >= 1, got " + n);
        GameInstances eval = GameInstances.bundled(game);
        Set<String> excluded = InstanceOverlap.targets(gen, eval);
        List<JsonNode> exps = eval.experiments();
        List<InstanceGenerator.Candidates> candidates = new ArrayList<>();
        for (JsonNode e : exps) candidates.add(gen.candidates(e, excluded));
        int[] counts = split(game, n, exps, candidates);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int e = 0; e < exps.size(); e++) {   // every experiment, so each keeps its place (results folders number them)
            ObjectNode exp = exps.get(e).deepCopy();
            ArrayNode list = exp.putArray("game_instances");
            candidates.get(e).draw(counts[e], new Random(experimentSeed(seed, e))).forEach(list::add);
            out.add(exp);
        }
        ObjectNode root = Json.object();
        root.set("experiments", out);
        root.putObject(GENERATED).put("game", game).put("seed", seed).put("n", n)
                .put("evaluation_targets_excluded", excluded.size());
        GameInstances made = GameInstances.of(root, "generated " + game + " instances");
        InstanceOverlap.requireDisjoint(game, made, eval, "generated " + game + " instances");   // the generators' promise, checked
        return made;
    }

    /** Each experiment its own stream, so that one experiment's draws do not depend on another's count. */
    static long experimentSeed(long seed, int experiment) {
        return seed * 0x9E3779B97F4A7C15L + experiment;
    }

    /** How many instances each experiment gets. */
    static int[] split(String game, int n, List<JsonNode> exps, List<InstanceGenerator.Candidates> candidates) {
        long[] cap = candidates.stream().mapToLong(InstanceGenerator.Candidates::capacity).toArray();
        long total = 0;
        for (long c : cap) total = Math.min(Long.MAX_VALUE / 2, total + c);
        if (n > total) {
            List<String> each = new ArrayList<>();
            for (int e = 0; e < exps.size(); e++) each.add(exps.get(e).get("name").asText() + " " + cap[e]);
            throw new LightbulbException(game + ": --n " + n + " is more than the " + total + " new instances the bundled "
                    + "resources allow beside the evaluation targets (" + String.join(", ", each) + ")");
        }
        int[] counts = new int[exps.size()];
        int left = n;
        while (left > 0) {
            List<Integer> open = new ArrayList<>();
            for (int e = 0; e < counts.length; e++) if (counts[e] < cap[e]) open.add(e);
            int share = left / open.size(), extra = left % open.size();
            for (int k = 0; k < open.size(); k++) {
                int e = open.get(k);
                int add = (int) Math.min(share + (k < extra ? 1 : 0), cap[e] - counts[e]);
                counts[e] += add;
                left -= add;
            }
        }
        return counts;
    }
}
