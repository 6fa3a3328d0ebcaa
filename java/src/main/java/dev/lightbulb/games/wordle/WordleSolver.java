package dev.lightbulb.games.wordle;

import dev.lightbulb.games.WordList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The wordle experts' knowledge and strategy. It knows the game's allowed guesses (clembench's 12,953 words, the
 * {@code english_words} of every wordle experiment, bundled apart from the instances as allowed_words.txt) and which
 * of them are common (clembench's easy and medium word lists, the words targets are drawn from). It keeps every
 * allowed word that fits all feedback so far, and from the common ones among them (all of them when none is common)
 * guesses the one that leaves the fewest words expected after its feedback (sum of squared feedback-class sizes;
 * ties: the more common word). Its guesses always fit the feedback, so its critic agrees with them.
 */
final class WordleSolver {
    private static final String ROOT = "/dev/lightbulb/games/wordle/";

    /** The solver with the bundled word lists, shared by every wordle expert (it holds no game state). */
    static final WordleSolver BUNDLED = bundled();

    private final List<String> allowed;
    private final Set<String> common;
    private String opening;

    /** @param common allowed words in order of preference, most common first */
    WordleSolver(List<String> allowed, List<String> common) {
        Set<String> known = Set.copyOf(allowed), ordered = new LinkedHashSet<>();
        for (String w : common) if (known.contains(w)) ordered.add(w);
        this.common = Set.copyOf(ordered);
        ordered.addAll(allowed);
        this.allowed = List.copyOf(ordered);
    }

    private static WordleSolver bundled() {
        List<String> allowed = WordList.resource(ROOT + "allowed_words.txt");
        List<String> common = new ArrayList<>(WordList.resource(ROOT + "easy_words.txt"));
        common.addAll(WordList.resource(ROOT + "medium_words.txt"));
        return new WordleSolver(allowed, common);
    }

    /** The allowed words every feedback admits, most common first. */
    List<String> candidates(List<Feedback> known) {
        List<String> out = new ArrayList<>();
        for (String w : allowed) if (known.stream().allMatch(f -> f.admits(w))) out.add(w);
        return out;
    }

    /**
     * The best guess among these candidates (allowed words, e.g. {@link #candidates} less the words tried), or null
     * when there is none. Without feedback every allowed word is a candidate, and that first guess is worked out once.
     */
    String choose(List<String> candidates) {
        // candidates are allowed words, so as many as there are allowed words means all of them
        return candidates.size() == allowed.size() ? opening() : best(candidates);
    }

    private synchronized String opening() {
        if (opening == null) opening = best(allowed);
        return opening;
    }

    private String best(List<String> candidates) {
        List<String> pool = candidates.stream().filter(common::contains).toList();
        if (pool.isEmpty()) pool = candidates;
        String best = null;
        long bestScore = Long.MAX_VALUE;
        for (String guess : pool) {
            long score = expectedLeft(guess, pool);
            if (score < bestScore) { best = guess; bestScore = score; }
        }
        return best;
    }

    /** Sum over feedback classes of the squared class size: pool size times the expected words left. */
    private static long expectedLeft(String guess, List<String> pool) {
        int[] classes = new int[FeedbackCode.allGreen(guess.length()) + 1];
        for (String target : pool) classes[FeedbackCode.of(guess, target)]++;
        long sum = 0;
        for (int n : classes) sum += (long) n * n;
        return sum;
    }
}
