package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How models are split into the training and the held-out (test) set (the reference's {@code split_data}),
 * after models without a target value have been dropped.
 */
public sealed interface HoldOut {
    /** Per model: true if it is in the training set. */
    boolean[] train(double[] flops, double[] y);

    /** For messages and fit.json. */
    String describe();

    /**
     * {@code cutoff_by_FLOPs (1E21)}: models with FLOPs at or below the cutoff train, the rest and those with
     * unknown FLOPs are held out (paper §4, default cutoff 84 = Llama-2-7B).
     */
    record FlopsCutoff(double cutoff) implements HoldOut {
        @Override
        public boolean[] train(double[] flops, double[] y) {
            boolean[] train = new boolean[flops.length];
            for (int i = 0; i < flops.length; i++) train[i] = Double.isFinite(flops[i]) && flops[i] <= cutoff;
            return train;
        }

        @Override
        public String describe() { return "FLOPs (1E21) <= " + cutoff + " train, the rest and unknown FLOPs held out"; }
    }

    /**
     * {@code rank_by_y_metric}: the top {@code int(fraction·n)} models by the (scaled) target are held out, the
     * rest train (paper §4.2: the top 10 % on each agent benchmark). Equal targets keep table order.
     */
    record RankByTarget(double fraction) implements HoldOut {
        public RankByTarget {
            if (!(fraction > 0 && fraction < 1)) throw new LightbulbException("--test-fraction must be in (0, 1), got " + fraction);
        }

        /** How many of n models are held out: Python's {@code int(fraction * n)}. */
        public int testCount(int n) { return (int) (fraction * n); }

        @Override
        public boolean[] train(double[] flops, double[] y) {
            int n = y.length, test = testCount(n);
            if (test >= n) throw new LightbulbException("cannot hold out " + test + " of " + n + " models");
            boolean[] train = new boolean[n];
            java.util.Arrays.fill(train, true);
            IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> -y[i])).limit(test)
                    .forEach(i -> train[i] = false);
            return train;
        }

        @Override
        public String describe() { return "top " + fraction + " of models by target held out (rank_by_y_metric)"; }
    }
}
