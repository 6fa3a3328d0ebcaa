package dev.lightbulb.games.wordle;

import java.util.HashSet;
import java.util.Set;

/**
 * Wordle's letter feedback as clembench v1.6 computed it (clembench, clemcore@e99b0336,
 * games/wordle/utils/guessvalidator.py; clembench changed its repeated-letter marking in February
 * 2025, the v1.6 results used this one). A guess equal to the target is all green. Otherwise the
 * guess is walked left to right: each letter takes the first position of that letter in the target
 * not yet marked; none left → red; that position is the letter's own → green (marked); the guess
 * has the same letter at that position → red (not marked); else yellow (marked). Each letter is
 * written "x<color>", joined by spaces: (boost, stoop) → {@code s<yellow> t<yellow> o<yellow> o<red> p<red>}.
 */
public final class GuessFeedback {
    private GuessFeedback() {}

    /** Feedback for {@code guess} against {@code target}; both are words of the same length (code points). */
    public static String of(String guess, String target) {
        int[] g = guess.codePoints().toArray(), t = target.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        Set<Integer> marked = new HashSet<>();
        boolean equal = guess.equals(target);
        for (int i = 0; i < g.length; i++) {
            String color = equal ? "green" : color(g, t, i, marked);
            if (i > 0) out.append(' ');
            out.appendCodePoint(g[i]).append('<').append(color).append('>');
        }
        return out.toString();
    }

    private static String color(int[] guess, int[] target, int i, Set<Integer> marked) {
        int letter = guess[i];
        int at = firstUnmarked(target, letter, marked);
        if (at < 0) return "red";
        if (at == i) { marked.add(at); return "green"; }
        if (guess[at] == letter) return "red";
        marked.add(at);
        return "yellow";
    }

    /** The first position of letter in the target that is not marked, or -1. */
    private static int firstUnmarked(int[] target, int letter, Set<Integer> marked) {
        for (int j = 0; j < target.length; j++)
            if (target[j] == letter && !marked.contains(j)) return j;
        return -1;
    }
}
