package dev.lightbulb.games.privateshared;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The privateshared expert's phrasebook: every request and every probing question the game's bundled texts can
 * ask, in all five experiments, with the slot it is about. It holds the game's wordings only, nothing of an instance.
 */
record SlotPhrases(Map<String, String> requests, Map<String, String> probes) {
    private static final String WORDS = "/dev/lightbulb/games/privateshared/en_words.json";

    static final SlotPhrases BUNDLED = load();

    private static SlotPhrases load() {
        Map<String, String> requests = new LinkedHashMap<>(), probes = new LinkedHashMap<>();
        Json.field(Json.resource(WORDS), "tags", "resource " + WORDS).properties().forEach(experiment -> {
            Texts texts = Texts.load(experiment.getKey());
            add(texts.requests(), requests);
            add(texts.probingQuestions(), probes);
        });
        return new SlotPhrases(Map.copyOf(requests), Map.copyOf(probes));
    }

    private static void add(JsonNode bySlot, Map<String, String> into) {
        bySlot.properties().forEach(slot -> slot.getValue().forEach(text -> into.putIfAbsent(text.asText(), slot.getKey())));
    }

    /** The slot a request is about: the one whose wording ends the message (after the questioner's tag), or null. */
    String requestedSlot(String message) { return slotOf(message, requests); }

    /** The slot a probe is about: the one whose question the message contains, or null. */
    String probedSlot(String message) { return slotOf(message, probes); }

    /** The slot of the longest wording the message contains (a short one may be part of a longer one). */
    private static String slotOf(String message, Map<String, String> wordings) {
        String best = null;
        for (String w : wordings.keySet())
            if (message.contains(w) && (best == null || w.length() > best.length())) best = w;
        return best == null ? null : wordings.get(best);
    }
}
