package dev.lightbulb.games.imagegame;

import dev.lightbulb.games.TextGrid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class GridInstructionsTest {

    /** The follower's drawing of the giver's plan is the target, on random grids of several sizes, densities and letters. */
    @Test
    void drawingThePlanGivesTheTargetOnRandomGrids() {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            int n = 2 + random.nextInt(5);
            double density = random.nextDouble();
            String letters = "XBQ".substring(0, 1 + random.nextInt(3));
            TextGrid target = TextGrid.empty(n, n);
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    if (random.nextDouble() < density) target = target.with(r, c, String.valueOf(letters.charAt(random.nextInt(letters.length()))));
            List<String> plan = GridInstructions.plan(target);
            assertTrue(plan.size() <= 2 * n, "at most one instruction per column and per row: " + plan);
            TextGrid drawn = TextGrid.empty(n, n);
            for (String step : plan) drawn = GridInstructions.apply(drawn, "Instruction: " + step);
            assertEquals(target, drawn, target + "\n" + plan);
        }
    }

    @Test
    void instructionsReadAsTheySay() {
        TextGrid g = TextGrid.empty(3, 3);
        g = GridInstructions.apply(g, "Instruction: Fill column 2 with x");
        g = GridInstructions.apply(g, "Instruction: In row 3, put B in columns 1 and 3");
        g = GridInstructions.apply(g, "Instruction: put an X in the top left");
        assertEquals("▢ X ▢\n▢ X ▢\nB X B", g.toString(), "an instruction it cannot read leaves the grid as it was");
        assertEquals(List.of("Fill column 2 with X", "In row 3, put B in columns 1 and 3"), GridInstructions.plan(g));
    }
}
