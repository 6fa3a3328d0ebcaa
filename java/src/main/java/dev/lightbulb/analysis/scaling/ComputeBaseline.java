package dev.lightbulb.analysis.scaling;

import dev.lightbulb.analysis.table.Numbers;

/**
 * A compute-scale baseline of the paper (§4, Fig. 4, C.12, C.15): the same link fitted on one measure, the
 * natural log of training FLOPs or of model size (the reference's {@code apply_funcs("log")} is ln although
 * its plots say log10). Models whose measure is unknown are left out of its training and test sets, as the
 * reference drops rows with a NaN predictor; it is scored against the PC fit on exactly its own test models.
 *
 * @param measure   which scale: "ln(FLOPs / 1e21)" or "ln(parameters in B)"
 * @param link      the fitted link, or null ({@link #problem()} says why)
 * @param yHat      per model (NaN where the measure is unknown or there is no fit)
 * @param nTest     held-out models with a known measure
 * @param mseTest   its test MSE on them (NaN without any)
 * @param pcMseTest the PC fit's test MSE on the same models
 */
public record ComputeBaseline(String measure, SigmoidLink link, double[] yHat, int nTest, double mseTest,
                              double pcMseTest, String problem) {

    static ComputeBaseline fit(String measure, double[] scale, double[] y, boolean[] train, double[] pcYHat,
                               LinkForm form, Loss loss) {
        int n = y.length;
        double[][] x = new double[n][1];
        boolean[] trainKnown = new boolean[n], testKnown = new boolean[n];
        int nTrain = 0, nTest = 0;
        for (int i = 0; i < n; i++) {
            x[i][0] = scale[i] > 0 ? Math.log(scale[i]) : Double.NaN;
            boolean known = Double.isFinite(x[i][0]);
            trainKnown[i] = known && train[i];
            testKnown[i] = known && !train[i];
            if (trainKnown[i]) nTrain++;
            if (testKnown[i]) nTest++;
        }
        double[] yHat = new double[n];
        java.util.Arrays.fill(yHat, Double.NaN);
        if (nTrain < 4) { // α, β, b and one more
            return new ComputeBaseline(measure, null, yHat, nTest, Double.NaN, Double.NaN,
                    "only " + nTrain + " training models have a known " + measure);
        }
        SigmoidLinkFitter.Result r = SigmoidLinkFitter.fit(ObservationalScaling.select(x, trainKnown, true),
                ObservationalScaling.selectValues(y, trainKnown, true), form, loss);
        if (r.link() == null) return new ComputeBaseline(measure, null, yHat, nTest, Double.NaN, Double.NaN, r.problem());
        for (int i = 0; i < n; i++) if (Double.isFinite(x[i][0])) yHat[i] = r.link().predict(x[i]);
        double mse = Numbers.meanSquaredError(ObservationalScaling.selectValues(yHat, testKnown, true),
                ObservationalScaling.selectValues(y, testKnown, true));
        double pcMse = Numbers.meanSquaredError(ObservationalScaling.selectValues(pcYHat, testKnown, true),
                ObservationalScaling.selectValues(y, testKnown, true));
        return new ComputeBaseline(measure, r.link(), yHat, nTest, mse, pcMse,
                nTest == 0 ? "no held-out model has a known " + measure + ": the baseline cannot be scored" : null);
    }
}
