package dev.lightbulb.games.wordle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.WordList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** What the wordle experts know is the game's own word lists, kept in step with the bundled instances. */
class WordleWordListsTest {
    private static final String ROOT = "/dev/lightbulb/games/wordle/";

    @Test
    void allowedWordsAreTheEnglishWordsOfEveryWordleExperiment() {
        List<String> allowed = WordList.resource(ROOT + "allowed_words.txt");
        assertEquals(12_953, allowed.size());
        for (String game : List.of("wordle", "wordle_withclue", "wordle_withcritic"))
            for (JsonNode experiment : GameInstances.bundled(game).experiments()) {
                List<String> words = new ArrayList<>();
                experiment.get("english_words").forEach(w -> words.add(w.asText()));
                assertEquals(allowed, words, game + " " + experiment.get("name").asText());
            }
    }

    @Test
    void commonWordsAreAllowedAndHoldEveryBundledTarget() {
        Set<String> allowed = new HashSet<>(WordList.resource(ROOT + "allowed_words.txt"));
        Set<String> common = new HashSet<>(WordList.resource(ROOT + "easy_words.txt"));
        common.addAll(WordList.resource(ROOT + "medium_words.txt"));
        assertTrue(allowed.containsAll(common));
        for (JsonNode experiment : GameInstances.bundled("wordle").experiments())
            for (JsonNode instance : experiment.get("game_instances"))
                assertTrue(common.contains(instance.get("target_word").asText()), instance.toString());
    }
}
