package dev.lightbulb.games.wordle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Scores;

import java.util.List;
import java.util.function.Supplier;

/**
 * clembench's three wordle games: classic, with a crossword clue, and with clue + critic. Each is its own small
 * subclass because {@link java.util.ServiceLoader} (which {@link dev.lightbulb.games.Games} uses) needs a public class
 * with a public no-argument constructor per game.
 */
public sealed class Wordle implements Game permits Wordle.Classic, Wordle.WithClue, Wordle.WithCritic {
    private final String name;
    private final boolean critic;

    private Wordle(String name, boolean critic) {
        this.name = name;
        this.critic = critic;
    }

    /** "wordle": guesses with letter feedback only. */
    public static final class Classic extends Wordle {
        public Classic() { super("wordle", false); }
    }

    /** "wordle_withclue": a crossword clue is given too. */
    public static final class WithClue extends Wordle {
        public WithClue() { super("wordle_withclue", false); }
    }

    /** "wordle_withcritic": clue, and a second player (the critic) comments on each guess. */
    public static final class WithCritic extends Wordle {
        public WithCritic() { super("wordle_withcritic", true); }
    }

    public static Wordle classic() { return new Classic(); }

    public static Wordle withClue() { return new WithClue(); }

    public static Wordle withCritic() { return new WithCritic(); }

    @Override public String name() { return name; }

    /** The critic is a second model (the same one in self-play); the letter evaluator is programmatic. */
    @Override public int modelCount() { return critic ? 2 : 1; }

    @Override
    public GameMaster master(JsonNode experiment, JsonNode instance, List<ChatModel> models) {
        return new WordleMaster(experiment, instance, models.get(0), critic ? models.get(1) : null);
    }

    /** Seat 0 guesses ({@link WordleGuesser}); with a critic, seat 1 judges the guesses ({@link WordleCritic}). */
    @Override
    public ChatModel expert(int seat) {
        Supplier<ChatModel> guesser = () -> new WordleGuesser(WordleSolver.BUNDLED);
        return critic ? Experts.seat(name, seat, guesser, WordleCritic::new) : Experts.seat(name, seat, guesser);
    }

    @Override
    public Scores score(JsonNode interactions, JsonNode experiment, JsonNode instance) {
        return WordleScorer.score(interactions, name);
    }
}
