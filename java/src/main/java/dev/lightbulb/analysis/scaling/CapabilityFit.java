package dev.lightbulb.analysis.scaling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of the reference pipeline on a set of training models: PCA imputation fitted on them, the
 * mean-centred PCA fitted on their completed scores, the first K component scores as capabilities, and the
 * sigmoid link fitted on those. It then predicts any model from its benchmark row, with the training models'
 * imputer and PCA (no test model leaks into either). Refitting it on other model sets gives leave-one-out and
 * bootstrap estimates.
 */
public final class CapabilityFit {
    private final List<String> metricNames;
    private final int k;
    private final PcaImputer imputer;
    private final Pca pca;
    private final SigmoidLinkFitter.Result fitted;
    private final double[][] trainScores;

    private CapabilityFit(List<String> metricNames, int k, PcaImputer imputer, Pca pca, SigmoidLinkFitter.Result fitted,
                          double[][] trainScores) {
        this.metricNames = metricNames;
        this.k = k;
        this.imputer = imputer;
        this.pca = pca;
        this.fitted = fitted;
        this.trainScores = trainScores;
    }

    /** Fits on the training rows (benchmark scores, NaN where missing) and their scaled targets. */
    public static CapabilityFit fit(double[][] trainMetrics, double[] yTrain, List<String> metricNames, int k,
                                    LinkForm form, Loss loss) {
        PcaImputer imputer = PcaImputer.fit(trainMetrics, metricNames);
        double[][] complete = imputer.transform(trainMetrics);
        Pca pca = Pca.fit(complete);
        double[][] scores = pca.scores(complete, k);
        return new CapabilityFit(metricNames, k, imputer, pca, SigmoidLinkFitter.fit(scores, yTrain, form, loss), scores);
    }

    /** The fitted link, or null when the optimiser found none ({@link #problem()} says why). */
    public SigmoidLink link() { return fitted.link(); }

    public String problem() { return fitted.problem(); }

    public SigmoidLinkFitter.Result result() { return fitted; }

    public Pca pca() { return pca; }

    public int pcs() { return k; }

    /** The training models' capability scores. */
    public double[][] trainScores() { return trainScores; }

    /** Missing cells filled with the training imputer. */
    public double[][] complete(double[][] metrics) { return imputer.transform(metrics); }

    /** The first K component scores of any models. */
    public double[][] scores(double[][] metrics) { return pca.scores(complete(metrics), k); }

    /** Predicted scaled targets (NaN everywhere when there is no link). */
    public double[] predict(double[][] metrics) {
        double[] out = new double[metrics.length];
        if (link() == null) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        return link().predictAll(scores(metrics));
    }

    /**
     * The sign-invariant weights βᵀγ on the benchmark scores (METHOD.md §1.7): the sigmoid argument is
     * {@link #metricIntercept()} + Σ weight·score. Empty when there is no link.
     */
    public Map<String, Double> metricWeights() {
        Map<String, Double> weights = new LinkedHashMap<>();
        if (link() == null) return weights;
        for (int j = 0; j < metricNames.size(); j++) {
            double w = 0;
            for (int c = 0; c < k; c++) w += link().beta()[c] * pca.component(c)[j];
            weights.put(metricNames.get(j), w);
        }
        return weights;
    }

    /**
     * Why the fitted curve should not be trusted, if it should not: flat over the training models, or a step
     * (the data are nearly separable and least squares only stops because the optimiser does, METHOD.md §1.7).
     */
    public java.util.Optional<String> shapeProblem() {
        if (link() == null) return java.util.Optional.of("no sigmoid fit: " + problem());
        return shapeProblem(link(), trainScores);
    }

    /** A sigmoid argument spanning more than this over the training models is a step function. */
    static final double MAX_LOGIT_SPAN = 60;

    static java.util.Optional<String> shapeProblem(SigmoidLink link, double[][] trainScores) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        double[] pred = link.predictAll(trainScores);
        for (double[] s : trainScores) {
            double z = link.linear(s);
            lo = Math.min(lo, z);
            hi = Math.max(hi, z);
        }
        if (Math.sqrt(dev.lightbulb.analysis.table.Numbers.variance(pred)) < 1e-6) {
            return java.util.Optional.of("the fitted curve is flat over the training models (all predictions " + pred[0] + ")");
        }
        if (hi - lo > MAX_LOGIT_SPAN) {
            return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                    "the sigmoid argument spans %.0f over the training models: the data are nearly separable and "
                            + "the coefficients diverge", hi - lo));
        }
        return java.util.Optional.empty();
    }

    /** α − βᵀγμ (NaN without a link). */
    public double metricIntercept() {
        if (link() == null) return Double.NaN;
        double intercept = link().alpha();
        double[] mu = pca.mean();
        int j = 0;
        for (double w : metricWeights().values()) intercept -= w * mu[j++];
        return intercept;
    }
}
