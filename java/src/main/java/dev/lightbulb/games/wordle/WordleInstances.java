package dev.lightbulb.games.wordle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.InstanceGenerator;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.TargetDraws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * New instances of the three wordle games as clembench's wordle generator makes them: per experiment a target word
 * from clembench's frequency list of its difficulty ({@code easy_words.txt} for high_frequency,
 * {@code medium_words.txt} for medium_frequency) with its crossword clue. clembench takes the clues from the New York
 * Times crossword data set, which lightbulb does not ship; {@value #CLUES} holds the clues clembench's published
 * wordle instance files give their targets. The games with a clue draw only words that have one; classic wordle,
 * which never shows the clue, draws from the whole list and leaves an unknown clue empty.
 */
public sealed class WordleInstances implements InstanceGenerator permits WordleInstances.Classic, WordleInstances.WithClue, WordleInstances.WithCritic {
    private static final String ROOT = "/dev/lightbulb/games/wordle/";
    static final String CLUES = ROOT + "clues.json";
    private final String game;

    private WordleInstances(String game) { this.game = game; }

    /** For {@code wordle}. */
    public static final class Classic extends WordleInstances {
        public Classic() { super("wordle"); }
    }

    /** For {@code wordle_withclue}. */
    public static final class WithClue extends WordleInstances {
        public WithClue() { super("wordle_withclue"); }
    }

    /** For {@code wordle_withcritic}. */
    public static final class WithCritic extends WordleInstances {
        public WithCritic() { super("wordle_withcritic"); }
    }

    @Override public String game() { return game; }

    @Override public String target(JsonNode instance) {
        return instance.path("target_word").asText().toLowerCase(Locale.ROOT);
    }

    @Override
    public Candidates candidates(JsonNode experiment, Set<String> excluded) {
        ObjectNode template = (ObjectNode) experiment.get("game_instances").get(0);
        String difficulty = template.get("target_word_difficulty").asText();
        boolean clueShown = experiment.get("use_clue").asBoolean();
        Map<String, String> clues = clues();
        List<String> pool = new ArrayList<>();
        for (String w : words(difficulty))
            if (!excluded.contains(w) && (!clueShown || clues.containsKey(w))) pool.add(w);
        return TargetDraws.finite(pool, (w, i) -> {
            ObjectNode out = template.deepCopy();
            out.put("game_id", i + 1);   // clembench's wordle counts from 1
            out.put("target_word", w);
            out.put("target_word_clue", clues.getOrDefault(w, ""));
            out.put("target_word_difficulty", difficulty);
            return out;
        });
    }

    /** The distinct words of clembench's target list for a difficulty, in file order. */
    static List<String> words(String difficulty) {
        String file = switch (difficulty) {
            case "high_frequency" -> "easy_words.txt";
            case "medium_frequency" -> "medium_words.txt";
            default -> throw new IllegalStateException("no word list for wordle difficulty '" + difficulty + "'");
        };
        try (InputStream in = WordleInstances.class.getResourceAsStream(ROOT + file)) {
            if (in == null) throw new LightbulbException("resource " + ROOT + file + " is missing from the lightbulb jar");
            Set<String> out = new LinkedHashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String w = line.strip().toLowerCase(Locale.ROOT);
                if (!w.isEmpty()) out.add(w);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new LightbulbException("resource " + ROOT + file + ": " + e.getMessage(), e);
        }
    }

    /** Target word -> its clue, from {@value #CLUES}. */
    static Map<String, String> clues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode c : Json.field(Json.resource(CLUES), "clues", "resource " + CLUES))
            out.put(c.get("target_word").asText(), c.get("target_word_clue").asText());
        return out;
    }
}
