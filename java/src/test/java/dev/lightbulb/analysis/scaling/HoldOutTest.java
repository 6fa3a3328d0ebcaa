package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HoldOutTest {
    @Test
    void rankByTargetHoldsOutIntOfTheFractionOfTheBest() {
        double[] y = {0.1, 0.9, 0.3, 0.8, 0.2, 0.7, 0.05, 0.6, 0.4, 0.5, 0.35, 0.15, 0.25, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 0.0};
        boolean[] train = new HoldOut.RankByTarget(0.1).train(new double[y.length], y);
        // int(0.1 * 20) = 2: the two largest targets, 0.95 and 0.9
        for (int i = 0; i < y.length; i++) assertEquals(!(y[i] == 0.95 || y[i] == 0.9), train[i], "model " + i);
        assertEquals(1, new HoldOut.RankByTarget(0.1).testCount(19), "Python int() truncates: int(1.9) = 1");
        assertEquals(0, new HoldOut.RankByTarget(0.1).testCount(9));
    }

    @Test
    void equalTargetsKeepTableOrder() {
        boolean[] train = new HoldOut.RankByTarget(0.2).train(new double[10], new double[]{1, 5, 5, 5, 0, 0, 0, 0, 0, 0});
        assertArrayEquals(new boolean[]{true, false, false, true, true, true, true, true, true, true}, train);
    }

    @Test
    void flopsCutoffHoldsOutLargeAndUnknown() {
        boolean[] train = new HoldOut.FlopsCutoff(84).train(new double[]{84, 84.5, Double.NaN, 1}, new double[4]);
        assertArrayEquals(new boolean[]{true, false, false, true}, train);
    }

    @Test
    void badFractionsAreRejected() {
        assertThrows(LightbulbException.class, () -> new HoldOut.RankByTarget(0));
        assertThrows(LightbulbException.class, () -> new HoldOut.RankByTarget(1));
    }
}
