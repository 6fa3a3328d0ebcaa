package dev.lightbulb.games.taboo;

import dev.lightbulb.games.WordList;

import java.util.ArrayList;
import java.util.List;

/**
 * The taboo word lists clembench draws its targets from (games/taboo/resources/target_words/en): high, medium and
 * low frequency words, in that order, so that the first word of a filtered list is the most frequent one (the
 * lists carry no counts; within a list the order is alphabetical).
 */
final class TargetWords {
    private TargetWords() {}

    private static final String ROOT = "/dev/lightbulb/games/taboo/target_words/";

    static final List<String> BY_FREQUENCY = load();

    private static List<String> load() {
        List<String> words = new ArrayList<>();
        for (String band : List.of("high", "medium", "low"))
            for (String w : WordList.resource(ROOT + band + "_freq_100_v1.5.txt"))
                if (!words.contains(w)) words.add(w);
        return List.copyOf(words);
    }
}
