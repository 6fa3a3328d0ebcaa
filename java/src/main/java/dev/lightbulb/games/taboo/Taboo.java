package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Scores;

import java.util.List;

/** clembench's taboo: a describer (Player 1) gives clues, a guesser (Player 2) guesses, max_turns tries. */
public final class Taboo implements Game {
    @Override public String name() { return "taboo"; }

    @Override public int modelCount() { return 2; }

    @Override
    public GameMaster master(JsonNode experiment, JsonNode instance, List<ChatModel> models) {
        return new TabooMaster(experiment, instance, models.get(0), models.get(1));
    }

    /** Seat 0 describes ({@link TabooDescriber}), seat 1 guesses ({@link TabooGuesser}). */
    @Override
    public ChatModel expert(int seat) {
        return Experts.seat(name(), seat, TabooDescriber::new, TabooGuesser::new);
    }

    @Override
    public Scores score(JsonNode interactions, JsonNode experiment, JsonNode instance) {
        return TabooScorer.score(interactions);
    }
}
