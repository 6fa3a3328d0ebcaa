package dev.lightbulb.games.privateshared;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Scores;

import java.util.List;

/**
 * clembench's privateshared: the model (Player 1) answers a programmatic questioner's slot requests
 * and, before the game and after every answer, yes/no probes about what the questioner knows.
 */
public final class PrivateShared implements Game {
    @Override public String name() { return "privateshared"; }

    @Override public int modelCount() { return 1; }

    @Override
    public GameMaster master(JsonNode experiment, JsonNode instance, List<ChatModel> models) {
        return new PrivateSharedMaster(experiment, instance, models.get(0));
    }

    /** The one seat answers ({@link SlotAnswerer}); the questioner is the game master's. */
    @Override
    public ChatModel expert(int seat) {
        return Experts.seat(name(), seat, () -> new SlotAnswerer(SlotPhrases.BUNDLED));
    }

    @Override
    public Scores score(JsonNode interactions, JsonNode experiment, JsonNode instance) {
        return PrivateSharedScorer.score(interactions, instance);
    }
}
