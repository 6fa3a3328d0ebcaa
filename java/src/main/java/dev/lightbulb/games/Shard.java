package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Shard {@code index} of {@code count} (1-based, as {@code --shard K/N} and cluster array indices are written): a
 * deterministic, complete and disjoint partition of a work list, balanced by each item's expected cost.
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new LightbulbException("--shard must be K/N with 1 <= K <= N, got " + index + "/" + count);
        }
    }

    /** Parses {@code K/N}; anything else is one clear error. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new LightbulbException("--shard must be K/N (e.g. 2/8), got '" + text + "'");
    }

    /**
     * The items of this shard, in their original order. Every shard computes the same assignment: items by falling
     * cost (ties in list order), each to the shard with the least cost so far (ties to the lowest index), the
     * longest-processing-time rule, which keeps the largest shard within 4/3 of the best possible balance.
     */
    public <T> List<T> select(List<T> items, ToDoubleFunction<T> cost) {
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -cost.applyAsDouble(items.get(i))).thenComparingInt(i -> i));
        double[] load = new double[count];
        int[] owner = new int[items.size()];
        for (int i : order) {
            int best = 0;
            for (int s = 1; s < count; s++) if (load[s] < load[best]) best = s;
            owner[i] = best;
            load[best] += cost.applyAsDouble(items.get(i));
        }
        List<T> mine = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) if (owner[i] == index - 1) mine.add(items.get(i));
        return mine;
    }

    @Override
    public String toString() { return index + "/" + count; }
}
