package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Makes new instances of one game's experiments the way clembench's {@code instancegenerator.py} does (same
 * experiments, same prompt texts, new targets drawn from the bundled resources), for training data that never
 * overlaps the evaluation instances. Each game's package provides its generator through
 * {@code META-INF/services/dev.lightbulb.games.InstanceGenerator}; {@link TrainingInstances} drives them.
 */
public interface InstanceGenerator {
    /** The game's name, as {@link Game#name()}. */
    String game();

    /**
     * An instance's target, normalised (a word, a grid without surrounding blank lines, a set of slot values): what
     * a training instance must not share with an evaluation instance ({@link InstanceOverlap}).
     */
    String target(JsonNode instance);

    /**
     * The new instances an evaluation experiment allows: its settings and prompt texts are kept, its targets and those
     * in {@code excluded} are never drawn.
     */
    Candidates candidates(JsonNode experiment, Set<String> excluded);

    /** The new instances of one experiment. */
    interface Candidates {
        /** How many distinct instances can be drawn at most. */
        long capacity();

        /**
         * {@code count} (at most {@link #capacity()}) instances with distinct targets, game_id set; the same random
         * state gives the same instances, and a smaller count gives a prefix of a larger one.
         */
        List<ObjectNode> draw(int count, Random random);
    }
}
