package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.analysis.scaling.HoldOut;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A {@link PredictionMethod} scored on a set of models in two ways: leave-one-out (each model predicted
 * by a fit on all the others) and the paper's {@code rank_by_y_metric} split (the top fraction by target
 * predicted by a fit on the rest). Errors are mean absolute errors in points (0-100). Folds whose fit failed
 * are left out of the mean and counted; a fit with any problem is flagged, never reported as NaN.
 *
 * @param models          indices of the models scored
 * @param loo             leave-one-out prediction per model of {@code models} (scaled, NaN where the fold failed)
 * @param looFailed       folds without a fit
 * @param looFlagged      folds whose fit was flagged (flat or step-shaped)
 * @param testModels      indices of the held-out top models
 * @param testPredictions their predictions from the fit on the rest
 * @param weights         coefficients of the fit on the rest (the training split)
 * @param problems        why the numbers should not be trusted; empty if they can be
 */
public record FitEvaluation(String name, String description, String modelSet, int[] models, double[] loo, int looFailed,
                            int looFlagged, double looMaePoints, int[] testModels, double[] testPredictions,
                            double testMaePoints, Map<String, Double> weights, List<String> problems) {

    public boolean degenerate() { return !problems.isEmpty(); }

    public int n() { return models.length; }

    static FitEvaluation run(PredictionMethod method, String modelSet, int[] models, double[] y, HoldOut.RankByTarget split,
                             int minimumTraining) {
        List<String> problems = new ArrayList<>();
        int n = models.length;
        int testCount = split.testCount(n);
        if (n - 1 < minimumTraining || n - testCount < minimumTraining) {
            problems.add("too few models (" + n + ") for this fit: leave-one-out and the split need at least "
                    + minimumTraining + " training models");
            double[] none = new double[n];
            java.util.Arrays.fill(none, Double.NaN);
            return new FitEvaluation(method.name(), method.description(), modelSet, models, none, n, 0, Double.NaN,
                    new int[0], new double[0], Double.NaN, Map.of(), problems);
        }
        PredictionMethod.Fitted[] folds = IntStream.range(0, n).parallel()
                .mapToObj(i -> method.fit(without(models, i))).toArray(PredictionMethod.Fitted[]::new);
        double[] loo = new double[n];
        int failed = 0, flagged = 0;
        for (int i = 0; i < n; i++) {
            loo[i] = folds[i].predict(models[i]);
            if (!Double.isFinite(loo[i])) failed++;
            else if (folds[i].problem().isPresent()) flagged++;
        }
        if (failed > 0) problems.add(failed + " of " + n + " leave-one-out fits found no fit");
        if (flagged > 0) problems.add(flagged + " of " + n + " leave-one-out fits are flat or step-shaped");

        double[] yModels = new double[n];
        for (int i = 0; i < n; i++) yModels[i] = y[models[i]];
        boolean[] train = split.train(new double[n], yModels);
        int[] trainIdx = IntStream.range(0, n).filter(i -> train[i]).map(i -> models[i]).toArray();
        int[] testIdx = IntStream.range(0, n).filter(i -> !train[i]).map(i -> models[i]).toArray();
        PredictionMethod.Fitted fit = method.fit(trainIdx);
        fit.problem().ifPresent(p -> problems.add("split fit: " + p));
        double[] test = new double[testIdx.length];
        for (int i = 0; i < test.length; i++) test[i] = fit.predict(testIdx[i]);
        return new FitEvaluation(method.name(), method.description(), modelSet, models, loo, failed, flagged,
                maePoints(loo, yModels), testIdx, test, maePoints(test, select(y, testIdx)), fit.weights(), problems);
    }

    /** Mean |prediction − actual| × 100 over the finite pairs; NaN when there are none. */
    static double maePoints(double[] predicted, double[] actual) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (Double.isFinite(predicted[i]) && Double.isFinite(actual[i])) {
                sum += Math.abs(predicted[i] - actual[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : 100 * sum / n;
    }

    /** Leave-one-out MAE over the models of {@code models} that {@code keep} accepts (by model index). */
    public double looMaePoints(double[] y, java.util.function.IntPredicate keep) {
        List<Double> p = new ArrayList<>(), a = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            if (keep.test(models[i])) {
                p.add(loo[i]);
                a.add(y[models[i]]);
            }
        }
        return maePoints(p.stream().mapToDouble(Double::doubleValue).toArray(), a.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double[] select(double[] xs, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = xs[idx[i]];
        return out;
    }

    private static int[] without(int[] models, int skip) {
        int[] out = new int[models.length - 1];
        for (int i = 0, j = 0; i < models.length; i++) if (i != skip) out[j++] = models[i];
        return out;
    }
}
