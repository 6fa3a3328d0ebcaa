package dev.lightbulb.games.privateshared;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.TrainingInstances;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateSharedInstancesTest {
    /** One evaluation instance's prompt with another's slots is that instance's prompt. */
    @Test
    void promptsAreTheEvaluationInstancesText() {
        for (JsonNode exp : GameInstances.bundled("privateshared").experiments()) {
            JsonNode template = exp.get("game_instances").get(0);
            for (JsonNode inst : exp.get("game_instances"))
                assertEquals(inst.get("initial_prompt").asText(), PrivateSharedInstances.prompt(template, inst.get("slots")));
        }
    }

    /** Slot values from the slot's list, every request once, wordings and probes within their lists, a probe round per slot and one more. */
    @Test
    void instancesAreWellFormed() {
        for (JsonNode exp : TrainingInstances.generate("privateshared", 9, 25).experiments()) {
            String name = exp.get("name").asText();
            Texts texts = Texts.load(name);
            JsonNode values = dev.lightbulb.games.Json.resource("/dev/lightbulb/games/privateshared/texts/" + name + "/slot_values.json");
            for (JsonNode inst : exp.get("game_instances")) {
                List<String> keys = new ArrayList<>();
                inst.get("slots").fieldNames().forEachRemaining(keys::add);
                List<String> expected = new ArrayList<>();
                values.fieldNames().forEachRemaining(expected::add);
                assertEquals(expected, keys);
                for (String k : keys) {
                    boolean listed = false;
                    for (JsonNode v : values.get(k)) listed |= v.asText().equals(inst.get("slots").get(k).asText());
                    assertTrue(listed, k);
                    assertTrue(inst.get("requests").get(k).asInt() < texts.requests().get(k).size());
                    assertTrue(inst.get("initial_prompt").asText().contains("\n" + k.toUpperCase(java.util.Locale.ROOT) + ": " + inst.get("slots").get(k).asText() + "\n"));
                }
                List<String> order = new ArrayList<>();
                inst.get("request_order").forEach(o -> order.add(o.asText()));
                assertEquals(new HashSet<>(keys), new HashSet<>(order));
                assertEquals(keys.size(), order.size());
                assertEquals(keys.size() + 1, inst.get("probes").size());
                for (JsonNode round : inst.get("probes"))
                    for (String k : keys) assertTrue(round.get(k).asInt() < texts.probingQuestions().get(k).size());
            }
        }
    }
}
