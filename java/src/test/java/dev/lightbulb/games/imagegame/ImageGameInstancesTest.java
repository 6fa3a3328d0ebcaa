package dev.lightbulb.games.imagegame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageGameInstancesTest {
    static List<String> patterns() {
        List<String> out = new ArrayList<>();
        Json.resource(ImageGameInstances.GRIDS).forEach(g -> out.add(g.asText()));
        return out;
    }

    /** clembench's compact grids are its patterns (the bundled grids_v1_5.json), in order, each filled with one letter. */
    @Test
    void compactGridsAreTheBundledPatternsFilled() {
        List<String> patterns = patterns();
        JsonNode list = GameInstances.bundled("imagegame").experiment("compact_grids").get("game_instances");
        assertEquals(patterns.size(), list.size());
        for (int i = 0; i < list.size(); i++) {
            String grid = list.get(i).get("target_grid").asText();
            char letter = grid.strip().replace("▢", "").replace(" ", "").replace("\n", "").charAt(0);
            assertEquals(patterns.get(i).replace('X', letter), grid, "pattern " + i);
        }
    }

    /** Random grids: one letter on 5 to 10 cells (fewer when a cell is drawn twice), in Player 2's format. */
    @Test
    void randomGridsLookLikeClembenchs() {
        Random r = new Random(3);
        java.util.regex.Pattern p2 = java.util.regex.Pattern.compile("^\\n*(([A-Z▢]\\s){4}[A-Z▢]\\n){4}([A-Z▢]\\s){4}[A-Z▢]\\n*$");
        for (int k = 0; k < 200; k++) {
            String g = ImageGameInstances.randomGrid(patterns(), r);
            long letters = g.chars().filter(Character::isUpperCase).count();
            assertTrue(letters >= 1 && letters <= 10 && g.chars().filter(Character::isUpperCase).distinct().count() == 1, g);
            assertTrue(p2.matcher(g).matches(), g);
        }
    }
}
