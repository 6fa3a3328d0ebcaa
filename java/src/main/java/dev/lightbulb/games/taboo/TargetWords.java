package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.WordList;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The taboo guesser's vocabulary, most frequent first: per frequency band (high, medium, low) the words of clembench's
 * taboo word lists (games/taboo/resources/target_words/en, the v1.5 targets), then the bundled training targets of
 * that band ({@value #TRAINING}, what the training instances are drawn from). The lists carry no counts, so within a
 * band the order is the lists' own (alphabetical).
 */
final class TargetWords {
    private TargetWords() {}

    private static final String ROOT = "/dev/lightbulb/games/taboo/target_words/";
    /** The training targets with their related words (TabooInstances draws from them). */
    static final String TRAINING = "/dev/lightbulb/games/taboo/training_words.json";

    static final List<String> BY_FREQUENCY = load();

    private static List<String> load() {
        JsonNode training = Json.field(Json.resource(TRAINING), "words", "resource " + TRAINING);
        Set<String> words = new LinkedHashSet<>();
        for (String band : List.of("high", "medium", "low")) {
            words.addAll(WordList.resource(ROOT + band + "_freq_100_v1.5.txt"));
            for (JsonNode w : training)
                if (w.path("experiment").asText().equals(band + "_en")) words.add(w.path("target_word").asText());
        }
        return List.copyOf(words);
    }
}
