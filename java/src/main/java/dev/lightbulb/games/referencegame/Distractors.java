package dev.lightbulb.games.referencegame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * clembench's referencegame distractors: the two grids of the target's group with the smallest Levenshtein distance
 * (over the grid text) to the target, the earlier grid first on a tie; identical grids (distance 0) never count.
 */
final class Distractors {
    private Distractors() {}

    /** The indices of the two distractors of {@code grids.get(target)}. */
    static int[] of(List<String> grids, int target) {
        String t = grids.get(target);
        List<int[]> byDistance = new ArrayList<>();   // {distance, index}
        for (int i = 0; i < grids.size(); i++) {
            int d = levenshtein(t, grids.get(i));
            if (i != target && d > 0) byDistance.add(new int[]{d, i});
        }
        if (byDistance.size() < 2) throw new IllegalStateException("fewer than two other grids beside " + t);
        byDistance.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1]));
        return new int[]{byDistance.get(0)[1], byDistance.get(1)[1]};
    }

    /** Edits (insert, delete, substitute one character) that turn a into b. */
    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
