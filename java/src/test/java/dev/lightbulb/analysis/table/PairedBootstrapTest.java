package dev.lightbulb.analysis.table;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedBootstrapTest {

    @Test
    void aConstantDifferenceHasNoSpread() {
        var p = new PairedBootstrap.Paired(new double[]{1, 5, 9}, new double[]{3, 7, 11});
        assertEquals(new PairedBootstrap.Interval(2, 2, 2, 0.95, 500), PairedBootstrap.meanDifference(p, 500, 1, 0.95));
    }

    @Test
    void pairingCancelsWhatTheItemsShare() {
        // items of very different difficulty, run b a little better on each: the paired interval excludes 0
        Random rng = new Random(2);
        int n = 50;
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble() * 100;
            b[i] = a[i] + 1 + 0.2 * rng.nextGaussian();
        }
        var ci = PairedBootstrap.meanDifference(new PairedBootstrap.Paired(a, b), 4000, 3, 0.95);
        assertTrue(ci.lower() > 0.8 && ci.upper() < 1.2, ci.toString());
    }

    @Test
    void theIntervalMatchesTheNormalApproximationOnALargeSample() {
        Random rng = new Random(4);
        int n = 400;
        double[] a = new double[n], b = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            b[i] = 1 + rng.nextGaussian();
            mean += b[i] / n;
        }
        double ss = 0;
        for (double v : b) ss += (v - mean) * (v - mean);
        double se = Math.sqrt(ss / (n - 1) / n);
        var ci = PairedBootstrap.meanDifference(new PairedBootstrap.Paired(a, b), 4000, 5, 0.95);
        assertEquals(mean, ci.difference(), 1e-12);
        assertEquals(mean - 1.96 * se, ci.lower(), 0.15 * se * 1.96);
        assertEquals(mean + 1.96 * se, ci.upper(), 0.15 * se * 1.96);
    }

    @Test
    void strataAreAveragedAndResampledApart() {
        var small = new PairedBootstrap.Paired(new double[]{0}, new double[]{10});
        var large = new PairedBootstrap.Paired(new double[]{0, 0, 0, 0}, new double[]{0, 0, 0, 0});
        var ci = PairedBootstrap.stratified(List.of(small, large), 300, 1, 0.95);
        // each stratum's own mean difference counts once (10 and 0), not each item; neither can vary when resampled
        assertEquals(new PairedBootstrap.Interval(5, 5, 5, 0.95, 300), ci);
    }

    @Test
    void seededAndReproducible() {
        var p = new PairedBootstrap.Paired(new double[]{0, 100, 0, 100, 0}, new double[]{100, 100, 0, 0, 100});
        assertEquals(PairedBootstrap.meanDifference(p, 1000, 9, 0.9), PairedBootstrap.meanDifference(p, 1000, 9, 0.9));
        assertNotEquals(PairedBootstrap.meanDifference(p, 1000, 9, 0.9), PairedBootstrap.meanDifference(p, 1000, 10, 0.9));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap.Paired(new double[]{1}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap.Paired(new double[0], new double[0]));
        var p = new PairedBootstrap.Paired(new double[]{1}, new double[]{2});
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.meanDifference(p, 0, 1, 0.95));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.meanDifference(p, 10, 1, 1.0));
    }
}
