package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The games come from their packages through ServiceLoader, in clembench's order, each once. */
class GamesTest {
    @Test
    void theSevenGamesInOrder() {
        assertEquals(List.of("taboo", "wordle", "wordle_withclue", "wordle_withcritic", "imagegame", "referencegame", "privateshared"),
                Games.ALL.stream().map(Game::name).toList());
        assertEquals(2, Games.byName("wordle_withcritic").modelCount());
        assertEquals(1, Games.byName("wordle_withclue").modelCount());
    }

    @Test
    void anUnknownGameListsTheKnownOnes() {
        LightbulbException e = assertThrows(LightbulbException.class, () -> Games.byName("chess"));
        assertTrue(e.getMessage().contains("chess") && e.getMessage().contains("privateshared"), e.getMessage());
    }
}
