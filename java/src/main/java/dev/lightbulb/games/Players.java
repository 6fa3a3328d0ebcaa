package dev.lightbulb.games;

/**
 * Who plays each seat of an episode: a fresh {@link ChatModel} per (game, seat), asked once per seat per
 * episode. Self-play with one model ignores both arguments; {@link Experts#PLAYERS} gives each seat its
 * game's programmatic expert.
 */
@FunctionalInterface
public interface Players {
    /** The player of {@code seat} (0-based, below {@code game.modelCount()}) in one episode of {@code game}. */
    ChatModel player(Game game, int seat);
}
