package dev.lightbulb.analysis.table;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded paired bootstrap of the difference between two runs' mean scores on the same items (b − a). Each
 * replicate resamples the items with replacement, keeping each item's two scores together, so what the two runs
 * share (an item's difficulty) cancels. With strata (one per game), each replicate resamples within every stratum
 * and averages the strata's mean differences, as clemscore averages over games. The interval is the replicates'
 * percentiles (R-7 / NumPy's linear interpolation).
 */
public final class PairedBootstrap {
    private PairedBootstrap() {}

    /** The observed difference of means and its central interval at the given level. */
    public record Interval(double difference, double lower, double upper, double level, int resamples) {
        public boolean covers(double x) { return lower <= x && x <= upper; }
    }

    /** One stratum: the items' scores in run a and in run b, same length, item i paired with item i. */
    public record Paired(double[] a, double[] b) {
        public Paired {
            if (a.length != b.length) throw new IllegalArgumentException("paired scores differ in length: " + a.length + " vs " + b.length);
            if (a.length == 0) throw new IllegalArgumentException("no paired items");
        }

        double meanDifference(int[] items) {
            double s = 0;
            for (int i : items) s += b[i] - a[i];
            return s / items.length;
        }
    }

    public static Interval meanDifference(Paired items, int resamples, long seed, double level) {
        return stratified(List.of(items), resamples, seed, level);
    }

    /** The mean over strata of each stratum's mean difference, with a bootstrap that resamples within strata. */
    public static Interval stratified(List<Paired> strata, int resamples, long seed, double level) {
        if (strata.isEmpty()) throw new IllegalArgumentException("no strata");
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        double observed = 0;
        for (Paired p : strata) observed += p.meanDifference(identity(p.a.length));
        observed /= strata.size();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] replicates = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (Paired p : strata) {
                int n = p.a.length;
                int[] draw = new int[n];
                for (int i = 0; i < n; i++) draw[i] = rng.nextInt(n);
                sum += p.meanDifference(draw);
            }
            replicates[r] = sum / strata.size();
        }
        Percentile pct = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        pct.setData(replicates);
        double tail = (1 - level) / 2 * 100;
        return new Interval(observed, pct.evaluate(tail), pct.evaluate(100 - tail), level, resamples);
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        return ids;
    }
}
