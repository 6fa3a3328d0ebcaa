package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.Json;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabooInstancesTest {
    /** The stems written into new instances are computed as clembench computed its instances' stems. */
    @Test
    void stemsAreClembenchs() {
        for (JsonNode exp : GameInstances.bundled("taboo").experiments())
            for (JsonNode inst : exp.get("game_instances")) {
                assertEquals(inst.get("target_word_stem").asText(), TabooRules.stem(inst.get("target_word").asText()));
                for (int i = 0; i < 3; i++)
                    assertEquals(inst.get("related_word_stem").get(i).asText(), TabooRules.stem(inst.get("related_word").get(i).asText()));
            }
    }

    /** The word list: distinct targets, three related words each, one of the three frequency experiments, a source. */
    @Test
    void trainingWordsAreWellFormed() {
        Set<String> seen = new HashSet<>();
        for (JsonNode w : Json.resource(TabooInstances.WORDS).get("words")) {
            assertTrue(seen.add(w.get("target_word").asText()), w.toString());
            assertEquals(3, w.get("related_word").size(), w.toString());
            assertTrue(Set.of("high_en", "medium_en", "low_en").contains(w.get("experiment").asText()), w.toString());
            assertTrue(w.get("source").asText().contains("@"), w.toString());
        }
        assertTrue(seen.size() > 250, "clembench's published taboo targets: " + seen.size());
    }
}
