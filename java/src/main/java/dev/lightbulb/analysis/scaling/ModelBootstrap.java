package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap over models — lightbulb's addition; the paper and the reference report only
 * train/test errors. Each resample draws the training models with replacement and refits the whole
 * {@link CapabilityFit} (imputer, PCA, link), so the intervals carry the uncertainty of all three steps.
 * Resamples whose refit throws (e.g. a metric constant in the resample) or finds no link are counted and left
 * out. Resamples are drawn in order from one seeded generator and fitted in parallel, so the result does not
 * depend on the thread count.
 */
public final class ModelBootstrap {
    private ModelBootstrap() {}

    /** Central interval level. */
    public static final double LEVEL = 0.95;
    /** Fewer successful resamples than this give no intervals (NaN), not a spurious one. */
    static final int MIN_SUCCESSFUL = 20;

    public record Interval(double low, double high) {
        public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

        public boolean defined() { return Double.isFinite(low) && Double.isFinite(high); }
    }

    /**
     * @param predictions per model of {@code allMetrics}: interval of the predicted scaled target
     * @param weights     per metric: interval of the weight βᵀγ
     * @param failed      resamples left out, {@code failures} their distinct reasons
     * @param steps       resamples whose fit is a step function (nearly separable resample)
     */
    public record Result(int resamples, int failed, int steps, List<String> failures, Interval[] predictions,
                         Map<String, Interval> weights) {
        public int successful() { return resamples - failed; }
    }

    public static Result run(double[][] trainMetrics, double[] yTrain, double[][] allMetrics, List<String> metricNames,
                             int k, LinkForm form, Loss loss, int resamples, long seed) {
        int n = yTrain.length;
        Random rnd = new Random(seed);
        int[][] draws = new int[resamples][n];
        for (int[] d : draws) for (int i = 0; i < n; i++) d[i] = rnd.nextInt(n);
        Outcome[] outcomes = IntStream.range(0, resamples).parallel()
                .mapToObj(r -> refit(draws[r], trainMetrics, yTrain, allMetrics, metricNames, k, form, loss))
                .toArray(Outcome[]::new);
        List<double[]> predictions = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int failed = 0, steps = 0;
        for (Outcome o : outcomes) {
            if (o.problem() != null) {
                failed++;
                if (!failures.contains(o.problem())) failures.add(o.problem());
                continue;
            }
            if (o.step()) steps++;
            predictions.add(o.predictions());
            weights.add(o.weights());
        }
        Interval[] predictionIntervals = new Interval[allMetrics.length];
        for (int i = 0; i < allMetrics.length; i++) predictionIntervals[i] = interval(column(predictions, i));
        Map<String, Interval> weightIntervals = new LinkedHashMap<>();
        for (int j = 0; j < metricNames.size(); j++) weightIntervals.put(metricNames.get(j), interval(column(weights, j)));
        return new Result(resamples, failed, steps, failures, predictionIntervals, weightIntervals);
    }

    private record Outcome(double[] predictions, double[] weights, boolean step, String problem) {}

    private static Outcome refit(int[] draw, double[][] trainMetrics, double[] yTrain, double[][] allMetrics,
                                 List<String> metricNames, int k, LinkForm form, Loss loss) {
        double[][] x = new double[draw.length][];
        double[] y = new double[draw.length];
        for (int i = 0; i < draw.length; i++) {
            x[i] = trainMetrics[draw[i]];
            y[i] = yTrain[draw[i]];
        }
        try {
            CapabilityFit fit = CapabilityFit.fit(x, y, metricNames, k, form, loss);
            if (fit.link() == null) return new Outcome(null, null, false, "no link fit: " + fit.problem());
            double[] w = fit.metricWeights().values().stream().mapToDouble(Double::doubleValue).toArray();
            return new Outcome(fit.predict(allMetrics), w, fit.shapeProblem().isPresent(), null);
        } catch (LightbulbException e) {
            return new Outcome(null, null, false, e.getMessage());
        }
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).filter(Double::isFinite).toArray();
    }

    static Interval interval(double[] values) {
        if (values.length < MIN_SUCCESSFUL) return Interval.NONE;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double tail = (1 - LEVEL) / 2;
        return new Interval(quantile(sorted, tail), quantile(sorted, 1 - tail));
    }

    /** Linear interpolation between order statistics (numpy's default percentile). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
