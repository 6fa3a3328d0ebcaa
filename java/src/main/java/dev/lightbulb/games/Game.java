package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One clembench game: how to play an instance and how to score a recorded episode. */
public interface Game {
    /** clembench's game name, e.g. "taboo", "wordle_withcritic". */
    String name();

    /** How many models the game asks (1 for single-player games, else 2; self-play passes the same model twice). */
    int modelCount();

    /** A fresh game master for one episode; models.size() == modelCount(). */
    GameMaster master(JsonNode experiment, JsonNode instance, List<ChatModel> models);

    /**
     * A programmatic player that plays {@code seat} (0-based, below {@link #modelCount()}) well. It is made
     * without the episode's instance and answers from the messages it is sent alone (its own prompt and
     * history), so it never sees hidden state and its transcripts are honest training data.
     */
    ChatModel expert(int seat);

    /** Computes scores.json from interactions.json alone (plus the instance it was played on). */
    Scores score(JsonNode interactions, JsonNode experiment, JsonNode instance);
}
