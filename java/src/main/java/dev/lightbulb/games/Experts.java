package dev.lightbulb.games;

/**
 * The programmatic expert players as one run: every seat of every game played by that game's {@link Game#expert},
 * recorded under the model name {@value #NAME} with "programmatic" where a model run records its file and backend.
 */
public final class Experts {
    private Experts() {}

    /** The name experts answer under and the run's model name (results folder {@code expert-t0.0--expert-t0.0}). */
    public static final String NAME = ExpertPlayer.NAME;

    /** "programmatic": the experts' model file and backend in the run's records. */
    public static final String PROGRAMMATIC = "programmatic";

    /** Each seat's player: its game's expert for that seat. */
    public static final Players PLAYERS = Game::expert;

    /** For a game's {@link Game#expert}: the expert of {@code seat}, made by the seat's entry of {@code seats}. */
    @SafeVarargs
    public static ChatModel seat(String game, int seat, java.util.function.Supplier<ChatModel>... seats) {
        if (seat < 0 || seat >= seats.length)
            throw new IllegalArgumentException(game + " has " + seats.length + " seat(s), not seat " + seat);
        return seats[seat].get();
    }

    /**
     * What the records say ran: no model file, weights, tokenizer, template or numerics; the experts are
     * deterministic, so the sampling block holds clembench's defaults (temperature 0) and nothing of the run's own.
     */
    public static RunInfo runInfo() {
        return new RunInfo(NAME, PROGRAMMATIC, null, null, null, null, null, PROGRAMMATIC, null, null, null);
    }
}
