package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.LinearFit;
import dev.lightbulb.analysis.table.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The observational-scaling-law fit of Ruan, Maddison & Hashimoto (arXiv 2405.10938), following the
 * reference pipeline ryoungj/ObsScaling step by step (METHOD.md §1.3-1.5): split off the held-out models (a
 * FLOPs cutoff with unknown FLOPs held out, or the top fraction by target), then on the training models
 * PCA-impute missing scores, fit the mean-centred PCA, take K capability scores and fit the sigmoid link;
 * the same link on ln FLOPs and on ln model size are the baselines. Optionally a bootstrap over the training
 * models (lightbulb's addition).
 */
public final class ObservationalScaling {
    private ObservationalScaling() {}

    /** Minimum models per family for a PC1-vs-compute line. */
    static final int MIN_FAMILY_MODELS = 3;

    public static ScalingResult fit(ScalingData data, ScalingOptions options) {
        int k = options.pcs();
        int t = data.metricNames().size();
        if (k < 1) throw new LightbulbException("--pcs must be at least 1, got " + k);
        if (k > t) throw new LightbulbException("--pcs " + k + " exceeds the number of metrics (" + t + ")");
        int n = data.size();
        boolean[] train = options.holdOut().train(data.flops(), data.y());
        double[][] trainRows = select(data.metrics(), train, true);
        int nTrain = trainRows.length;
        int needed = k + 3; // α, β (K), b are fitted: at least one model more than parameters
        if (nTrain < needed) {
            String which = options.holdOut() instanceof HoldOut.FlopsCutoff(double cutoff)
                    ? nTrain + " have FLOPs (1E21) <= " + cutoff + " and a target value"
                    : nTrain + " remain after holding out " + (n - nTrain) + " of " + n;
            throw new LightbulbException("too few training models for " + k + " principal components: " + which
                    + ", need at least " + needed);
        }
        double[] yTrain = selectValues(data.y(), train, true);

        List<String> problems = new ArrayList<>();
        if (Numbers.variance(yTrain) == 0) problems.add("the target is constant on the training models");
        CapabilityFit fit = CapabilityFit.fit(trainRows, yTrain, data.metricNames(), k, options.form(), options.loss());
        SigmoidLink link = fit.link();
        double[][] scores = fit.scores(data.metrics());
        double[] yHat = fit.predict(data.metrics());
        fit.shapeProblem().ifPresent(problems::add);

        ComputeBaseline flops = ComputeBaseline.fit("ln(FLOPs / 1e21)", data.flops(), data.y(), train, yHat,
                options.form(), options.loss());
        if (flops.link() == null) problems.add("no FLOPs baseline fit: " + flops.problem());
        ComputeBaseline size = data.hasSizes() ? ComputeBaseline.fit("ln(parameters in B)", data.parametersB(), data.y(),
                train, yHat, options.form(), options.loss()) : null;

        double mseTrain = mse(yHat, data.y(), train, true);
        double mseTest = mse(yHat, data.y(), train, false);

        double[] argument = new double[n];
        java.util.Arrays.fill(argument, Double.NaN);
        if (link != null) for (int i = 0; i < n; i++) argument[i] = link.linear(scores[i]);
        LinearFit reference = referenceLine(data, argument, options.referenceFamily());
        double[] equivalent = new double[n];
        for (int i = 0; i < n; i++) {
            equivalent[i] = reference.defined() ? (argument[i] - reference.intercept()) / reference.slope() + 21 : Double.NaN;
        }
        ModelBootstrap.Result bootstrap = options.bootstrap() > 0 ? ModelBootstrap.run(trainRows, yTrain, data.metrics(),
                data.metricNames(), k, options.form(), options.loss(), options.bootstrap(), options.seed()) : null;

        return new ScalingResult(data, options, train, fit.pca().explainedVarianceRatio(), scores, link, yHat,
                flops, size, fit.metricWeights(), fit.metricIntercept(), mseTrain, mseTest, equivalent, reference,
                familyTrends(data, scores), bootstrap, !problems.isEmpty(), problems);
    }

    /** Equivalent FLOPs (paper Eq. 7): OLS of the sigmoid argument on log10 FLOPs within the reference family. */
    private static LinearFit referenceLine(ScalingData data, double[] argument, String family) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.families().get(i).equals(family) && data.flops()[i] > 0) {
                xs.add(Math.log10(data.flops()[i]));
                ys.add(argument[i]);
            }
        }
        return LinearFit.of(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Per family: PC1 against log10 FLOPs over all its models with known FLOPs (paper Fig. 3 / C.2). */
    static Map<String, LinearFit> familyTrends(ScalingData data, double[][] scores) {
        Map<String, List<Integer>> byFamily = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.flops()[i] > 0) byFamily.computeIfAbsent(data.families().get(i), f -> new ArrayList<>()).add(i);
        }
        Map<String, LinearFit> out = new TreeMap<>();
        byFamily.forEach((family, idx) -> {
            if (idx.size() < MIN_FAMILY_MODELS) return;
            double[] x = idx.stream().mapToDouble(i -> Math.log10(data.flops()[i])).toArray();
            double[] y = idx.stream().mapToDouble(i -> scores[i][0]).toArray();
            LinearFit f = LinearFit.of(x, y);
            if (f.defined()) out.put(family, f);
        });
        return out;
    }

    private static double mse(double[] pred, double[] y, boolean[] mask, boolean want) {
        return Numbers.meanSquaredError(selectValues(pred, mask, want), selectValues(y, mask, want));
    }

    static double[][] select(double[][] rows, boolean[] mask, boolean want) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) if (mask[i] == want) out.add(rows[i]);
        return out.toArray(double[][]::new);
    }

    static double[] selectValues(double[] xs, boolean[] mask, boolean want) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) if (mask[i] == want) out.add(xs[i]);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
