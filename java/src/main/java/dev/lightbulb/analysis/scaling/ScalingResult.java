package dev.lightbulb.analysis.scaling;

import dev.lightbulb.analysis.table.LinearFit;

import java.util.List;
import java.util.Map;

/**
 * Everything one observational-scaling fit produced. Values that could not be computed are NaN here and
 * null in fit.json; {@link #degenerate()} says why the fit should not be trusted, if it should not.
 *
 * @param train               per model: true if in the training split
 * @param scores              capability scores (first K PCs) of every model
 * @param yHat                predicted target of every model (NaN if there is no fit)
 * @param flopsBaseline       the same link on ln FLOPs
 * @param sizeBaseline        the same link on ln model size (null when the table has no sizes)
 * @param metricWeights       sign-invariant weights βᵀγ on the (uncentred) benchmark scores
 * @param metricIntercept     α − βᵀγμ: the sigmoid argument is metricIntercept + Σ weight·score
 * @param equivalentLog10Flops per model: log10 FLOPs a reference-family model would need for the same
 *                            capability (NaN without a usable reference family)
 * @param equivalentFlopsLine OLS of the sigmoid argument on log10(FLOPs / 10²¹) over the reference family
 * @param familyTrends        per family (≥ 3 models with known FLOPs): PC1 against log10 FLOPs
 * @param bootstrap           intervals over resampled training models (null when not asked for)
 */
public record ScalingResult(ScalingData data, ScalingOptions options, boolean[] train,
                            double[] explainedVarianceRatio, double[][] scores, SigmoidLink link,
                            double[] yHat, ComputeBaseline flopsBaseline, ComputeBaseline sizeBaseline,
                            Map<String, Double> metricWeights, double metricIntercept,
                            double mseTrain, double mseTest, double[] equivalentLog10Flops, LinearFit equivalentFlopsLine,
                            Map<String, LinearFit> familyTrends, ModelBootstrap.Result bootstrap,
                            boolean degenerate, List<String> degenerateReasons) {

    public int nTrain() {
        int n = 0;
        for (boolean t : train) if (t) n++;
        return n;
    }

    public int nTest() { return train.length - nTrain(); }

    /** The FLOPs baseline's link (null without a fit). */
    public SigmoidLink baseline() { return flopsBaseline.link(); }

    public double[] baselineYHat() { return flopsBaseline.yHat(); }

    /** Held-out models with known FLOPs: the models both the PC fit and the FLOPs baseline are scored on. */
    public int nTestFlopsKnown() { return flopsBaseline.nTest(); }

    /** The PC fit's test MSE on the held-out models with known FLOPs. */
    public double mseTestFlopsKnown() { return flopsBaseline.pcMseTest(); }

    /** The FLOPs baseline's test MSE on the same models. */
    public double baselineMseTest() { return flopsBaseline.mseTest(); }
}
