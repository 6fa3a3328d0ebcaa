package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.WordList;

import java.util.ArrayList;
import java.util.List;

/**
 * The taboo word lists clembench draws its targets from (games/taboo/resources/target_words/en) together with every
 * target clembench has published in any version of its instances ({@code training_words.json}, by the frequency
 * band of its experiment): high, medium and low frequency words, in that order, so that the first word of a
 * filtered list is the most frequent one (the lists carry no counts; within a band the order is alphabetical). The
 * guesser's vocabulary is thus every word clembench has played, evaluation and training sets alike.
 */
final class TargetWords {
    private TargetWords() {}

    private static final String ROOT = "/dev/lightbulb/games/taboo/target_words/";

    static final List<String> BY_FREQUENCY = load();

    private static List<String> load() {
        JsonNode published = Json.resource(TabooInstances.WORDS).get("words");
        List<String> words = new ArrayList<>();
        for (String band : List.of("high", "medium", "low")) {
            java.util.TreeSet<String> inBand = new java.util.TreeSet<>(WordList.resource(ROOT + band + "_freq_100_v1.5.txt"));
            for (JsonNode w : published) if (w.get("experiment").asText().equals(band + "_en")) inBand.add(w.get("target_word").asText());
            for (String w : inBand) if (!words.contains(w)) words.add(w);
        }
        return List.copyOf(words);
    }
}
