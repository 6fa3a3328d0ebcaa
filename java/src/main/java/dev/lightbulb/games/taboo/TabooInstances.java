package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.games.InstanceGenerator;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.TargetDraws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * New taboo instances as clembench's taboo generator makes them: per experiment (high_en, medium_en, low_en) a
 * target word with three related words, and their Snowball stems. clembench picks the related words by hand (from a
 * thesaurus), so the targets come from {@value #WORDS}: every target with its related words that clembench's
 * published taboo instance files hold (v0.1 to v3.0), labelled with the frequency experiment they were published in.
 */
public final class TabooInstances implements InstanceGenerator {
    static final String WORDS = TargetWords.TRAINING;

    @Override public String game() { return "taboo"; }

    @Override public String target(JsonNode instance) {
        return instance.path("target_word").asText().toLowerCase(Locale.ROOT);
    }

    @Override
    public Candidates candidates(JsonNode experiment, Set<String> excluded) {
        String name = experiment.get("name").asText();
        List<JsonNode> pool = new ArrayList<>();
        for (JsonNode w : Json.field(Json.resource(WORDS), "words", "resource " + WORDS))
            if (w.get("experiment").asText().equals(name) && !excluded.contains(target(w))) pool.add(w);
        ObjectNode template = (ObjectNode) experiment.get("game_instances").get(0);
        return TargetDraws.finite(pool, (w, i) -> instance(template, w, i));
    }

    /** The template's fields in its order, this word's values; game_id counts from 0 as in clembench's taboo. */
    private static ObjectNode instance(ObjectNode template, JsonNode word, int index) {
        ObjectNode out = template.deepCopy();
        out.put("game_id", index);
        out.put("target_word", word.get("target_word").asText());
        out.set("related_word", word.get("related_word").deepCopy());
        out.put("target_word_stem", TabooRules.stem(word.get("target_word").asText()));
        var stems = out.putArray("related_word_stem");
        word.get("related_word").forEach(r -> stems.add(TabooRules.stem(r.asText())));
        return out;
    }
}
