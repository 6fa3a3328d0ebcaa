package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.scaling.CapabilityFit;
import dev.lightbulb.analysis.scaling.LinkForm;
import dev.lightbulb.analysis.scaling.Loss;
import dev.lightbulb.analysis.scaling.SigmoidLink;
import dev.lightbulb.analysis.scaling.SigmoidLinkFitter;
import dev.lightbulb.analysis.table.LinearFit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One way of predicting a (scaled) target from what is known about a model, fitted on a subset of the
 * models. Models are indices into arrays the method was built with.
 */
public interface PredictionMethod {
    /** Short name in fit.json ({@code pc}, {@code flops}, {@code log_params}). */
    String name();

    String description();

    /** Whether model i has what this method predicts from. */
    boolean applies(int i);

    /** Fits on the given models (all of which {@link #applies}). */
    Fitted fit(int[] train);

    /** A fitted predictor. {@link #predict} is NaN when there is no fit ({@link #problem()} says why). */
    interface Fitted {
        double predict(int i);

        /** Why the fit should not be trusted, if it should not. */
        Optional<String> problem();

        /** The fitted coefficients, by name (empty without a fit). */
        Map<String, Double> weights();
    }

    /** A fit that could not be made. */
    record Failed(String reason) implements Fitted {
        public double predict(int i) { return Double.NaN; }

        public Optional<String> problem() { return Optional.of(reason); }

        public Map<String, Double> weights() { return Map.of(); }
    }

    /** Observational scaling (arXiv 2405.10938): imputer, PCA and sigmoid link refitted on the training models. */
    static PredictionMethod capabilities(double[][] metrics, double[] y, List<String> metricNames, int k, LinkForm form,
                                         Loss loss) {
        return new PredictionMethod() {
            public String name() { return "pc"; }

            public String description() {
                return form.referenceName() + " of the first " + k + " principal components of " + String.join(", ", metricNames)
                        + " (" + loss.describe() + ")";
            }

            public boolean applies(int i) { return true; }

            public Fitted fit(int[] train) {
                try {
                    CapabilityFit fit = CapabilityFit.fit(rows(metrics, train), values(y, train), metricNames, k, form, loss);
                    return new Fitted() {
                        public double predict(int i) { return fit.predict(new double[][]{metrics[i]})[0]; }

                        public Optional<String> problem() { return fit.shapeProblem(); }

                        public Map<String, Double> weights() { return fit.metricWeights(); }
                    };
                } catch (LightbulbException e) { // e.g. a metric constant on these models
                    return new Failed(e.getMessage());
                }
            }
        };
    }

    /** The paper's compute baseline: the same sigmoid link on ln training FLOPs. */
    static PredictionMethod flops(double[] flops, double[] y, LinkForm form, Loss loss) {
        return new PredictionMethod() {
            public String name() { return "flops"; }

            public String description() { return form.referenceName() + " of ln(training FLOPs) (" + loss.describe() + ")"; }

            public boolean applies(int i) { return flops[i] > 0; }

            public Fitted fit(int[] train) {
                double[][] x = new double[train.length][];
                for (int j = 0; j < train.length; j++) x[j] = new double[]{Math.log(flops[train[j]])};
                SigmoidLinkFitter.Result r = SigmoidLinkFitter.fit(x, values(y, train), form, loss);
                if (r.link() == null) return new Failed("no sigmoid fit: " + r.problem());
                SigmoidLink link = r.link();
                return new Fitted() {
                    public double predict(int i) { return link.predict(new double[]{Math.log(flops[i])}); }

                    public Optional<String> problem() { return Optional.empty(); }

                    public Map<String, Double> weights() {
                        Map<String, Double> w = new LinkedHashMap<>();
                        w.put("ln_flops", link.beta()[0]);
                        w.put("intercept", link.alpha());
                        w.put("b", link.b());
                        return w;
                    }
                };
            }
        };
    }

    /** The first paper's fit (arXiv 2406.14051): a straight line in log10 parameters. */
    static PredictionMethod logParameters(double[] parametersB, double[] y) {
        return new PredictionMethod() {
            public String name() { return "log_params"; }

            public String description() { return "linear in log10(parameters in billions), least squares"; }

            public boolean applies(int i) { return parametersB[i] > 0; }

            public Fitted fit(int[] train) {
                double[] x = new double[train.length];
                for (int j = 0; j < train.length; j++) x[j] = Math.log10(parametersB[train[j]]);
                LinearFit line = LinearFit.of(x, values(y, train));
                if (!line.defined()) return new Failed(line.degenerateReason().orElse("no line"));
                return new Fitted() {
                    public double predict(int i) { return line.predict(Math.log10(parametersB[i])); }

                    public Optional<String> problem() { return line.degenerateReason(); }

                    public Map<String, Double> weights() {
                        Map<String, Double> w = new LinkedHashMap<>();
                        w.put("log10_parameters", line.slope());
                        w.put("intercept", line.intercept());
                        return w;
                    }
                };
            }
        };
    }

    /** The floor every fit should beat: the training models' mean target. */
    static PredictionMethod mean(double[] y) {
        return new PredictionMethod() {
            public String name() { return "mean"; }

            public String description() { return "the training models' mean (no model information)"; }

            public boolean applies(int i) { return true; }

            public Fitted fit(int[] train) {
                double m = dev.lightbulb.analysis.table.Numbers.mean(values(y, train));
                return new Fitted() {
                    public double predict(int i) { return m; }

                    public Optional<String> problem() { return Optional.empty(); }

                    public Map<String, Double> weights() { return Map.of("mean", m); }
                };
            }
        };
    }

    private static double[][] rows(double[][] xs, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int j = 0; j < idx.length; j++) out[j] = xs[idx[j]];
        return out;
    }

    private static double[] values(double[] xs, int[] idx) {
        double[] out = new double[idx.length];
        for (int j = 0; j < idx.length; j++) out[j] = xs[idx[j]];
        return out;
    }
}
