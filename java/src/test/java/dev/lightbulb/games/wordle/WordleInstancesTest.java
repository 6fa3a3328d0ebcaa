package dev.lightbulb.games.wordle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.TrainingInstances;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordleInstancesTest {
    /** clembench's evaluation targets come from the bundled list of their difficulty, with the clue the clue file gives. */
    @Test
    void evaluationTargetsAreFromTheBundledListsAndClues() {
        Map<String, String> clues = WordleInstances.clues();
        for (String game : new String[]{"wordle", "wordle_withclue", "wordle_withcritic"})
            for (JsonNode exp : GameInstances.bundled(game).experiments())
                for (JsonNode inst : exp.get("game_instances")) {
                    String w = inst.get("target_word").asText();
                    assertTrue(WordleInstances.words(inst.get("target_word_difficulty").asText()).contains(w), w);
                    assertEquals(inst.get("target_word_clue").asText(), clues.get(w), w);
                }
    }

    /** New targets: five letters, allowed guesses, from the difficulty's list; a clue wherever the game shows one. */
    @Test
    void newTargetsArePlayableWords() {
        for (String game : new String[]{"wordle", "wordle_withclue", "wordle_withcritic"})
            for (JsonNode exp : TrainingInstances.generate(game, 4, 60).experiments()) {
                Set<String> allowed = new HashSet<>();
                exp.get("english_words").forEach(w -> allowed.add(w.asText()));
                for (JsonNode inst : exp.get("game_instances")) {
                    String w = inst.get("target_word").asText();
                    assertTrue(w.matches("[a-z]{5}") && allowed.contains(w), game + ": " + w);
                    assertTrue(WordleInstances.words(inst.get("target_word_difficulty").asText()).contains(w), w);
                    if (exp.get("use_clue").asBoolean()) assertTrue(!inst.get("target_word_clue").asText().isEmpty(), w);
                }
            }
    }
}
