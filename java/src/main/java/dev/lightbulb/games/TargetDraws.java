package dev.lightbulb.games;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** The two ways an {@link InstanceGenerator} draws distinct targets: from a finite pool, or by sampling. */
public final class TargetDraws {
    private TargetDraws() {}

    /**
     * At most this many instances of one experiment from a sampled space (random grids, slot combinations): the
     * spaces are far larger, and this bounds the memory a mistyped --n could ask for, far beyond any training set.
     */
    public static final long SAMPLED_LIMIT = 100_000;

    /**
     * Candidates from a finite pool (in a fixed order): the pool shuffled with the random state, then the first ones,
     * so that a smaller count is a prefix of a larger one. {@code make} builds the instance of a pool entry at a place.
     */
    public static <T> InstanceGenerator.Candidates finite(List<T> pool, BiFunction<T, Integer, ObjectNode> make) {
        return new InstanceGenerator.Candidates() {
            @Override public long capacity() { return pool.size(); }

            @Override
            public List<ObjectNode> draw(int count, Random random) {
                List<T> order = new ArrayList<>(pool);
                Collections.shuffle(order, random);
                List<ObjectNode> out = new ArrayList<>();
                for (int i = 0; i < count; i++) out.add(make.apply(order.get(i), i));
                return out;
            }
        };
    }

    /**
     * {@code count} values from repeated draws whose keys are distinct and not excluded. The callers' spaces are far
     * larger than any count they allow, so a long run of misses means a broken sampler, not bad luck.
     */
    public static <T> List<T> distinct(Supplier<T> draw, Function<T, String> key, Set<String> excluded, int count) {
        List<T> out = new ArrayList<>();
        Set<String> seen = new HashSet<>(excluded);
        for (long misses = 0; out.size() < count; ) {
            T v = draw.get();
            if (seen.add(key.apply(v))) out.add(v);
            else if (++misses > 1_000_000L + 1000L * count)
                throw new IllegalStateException("no new target after " + misses + " draws (" + out.size() + " of " + count + " found)");
        }
        return out;
    }
}
