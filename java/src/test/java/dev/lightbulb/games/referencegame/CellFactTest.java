package dev.lightbulb.games.referencegame;

import dev.lightbulb.games.TextGrid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CellFactTest {

    /** On random triples of grids the facts hold for the target, rule out every distractor unlike it, and read back. */
    @Test
    void distinguishingFactsSingleOutTheTargetOnRandomGrids() {
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            TextGrid target = randomGrid(random);
            // distractors close to the target, where a single distinguishing cell is often missing
            List<TextGrid> distractors = List.of(nearby(target, random), nearby(target, random));
            List<CellFact> facts = CellFact.distinguishing(target, distractors);
            assertTrue(facts.size() <= 2, facts.toString());
            assertTrue(facts.stream().allMatch(f -> f.holdsFor(target)));
            for (TextGrid d : distractors)
                if (!d.equals(target)) assertFalse(facts.stream().allMatch(f -> f.holdsFor(d)), target + "\n\n" + d + "\n" + facts);
            assertEquals(facts, CellFact.readAll("Expression: " + CellFact.describe(facts)));
        }
    }

    private static TextGrid randomGrid(Random random) {
        TextGrid g = TextGrid.empty(5, 5);
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 5; c++) if (random.nextBoolean()) g = g.with(r, c, "X");
        return g;
    }

    private static TextGrid nearby(TextGrid g, Random random) {
        for (int k = random.nextInt(3); k > 0; k--) {
            int r = random.nextInt(5), c = random.nextInt(5);
            g = g.with(r, c, g.filled(r, c) ? TextGrid.EMPTY : "X");
        }
        return g;
    }

    @Test
    void gridsAreReadAfterTheirLabels() {
        String prompt = "Target grid:\n\nX ▢\n▢ X\n\nDistractor grid 1:\n\nX X\n▢ X\n\nInstruction: Describe the target grid.";
        assertEquals("X ▢\n▢ X", TextGrid.after(prompt, "Target grid:").toString());
        assertEquals("X X\n▢ X", TextGrid.after(prompt, "Distractor grid 1:").toString());
        assertNull(TextGrid.after(prompt, "Distractor grid 2:"));
        assertEquals("X X\n▢ X", TextGrid.last(prompt).toString());
    }
}
