package dev.lightbulb.analysis.scaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.CsvOutput;
import dev.lightbulb.analysis.table.LinearFit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.lightbulb.analysis.table.Numbers.jsonValue;

/** Writes a {@link ScalingResult} as fit.json, predictions.csv and the three plots (PNG + SVG). */
public final class ScalingReport {
    private ScalingReport() {}

    /** {@code metricsChoice} says where the capability metrics came from (given, or the default rule). */
    public static void write(ScalingResult r, String target, TargetScale scale, String metricsChoice, Path dir) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("fit.json").toFile(), fitJson(r, target, scale, metricsChoice));
        } catch (IOException e) {
            throw new LightbulbException(dir.resolve("fit.json") + ": cannot write: " + e.getMessage(), e);
        }
        writePredictions(r, dir.resolve("predictions.csv"));
        ScalingPlots.writeAll(r, target, dir);
    }

    static Map<String, Object> fitJson(ScalingResult r, String target, TargetScale scale, String metricsChoice) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("method", "observational scaling law (arXiv 2405.10938), reference pipeline ryoungj/ObsScaling");
        j.put("target", target);
        j.put("target_range", List.of(scale.low(), scale.high()));
        j.put("target_scaling", "(y - " + scale.low() + ") / (" + scale.high() + " - " + scale.low() + ")");
        j.put("metrics", r.data().metricNames());
        j.put("metrics_chosen_by", metricsChoice);
        j.put("pcs", r.options().pcs());
        j.put("link", r.options().form().referenceName());
        j.put("loss", r.options().loss().describe());
        j.put("hold_out", r.options().holdOut().describe());
        if (r.options().holdOut() instanceof HoldOut.FlopsCutoff(double cutoff)) j.put("cutoff_flops_1e21", cutoff);
        if (r.options().holdOut() instanceof HoldOut.RankByTarget(double fraction)) j.put("test_fraction", fraction);
        j.put("degenerate", r.degenerate());
        j.put("degenerate_reasons", r.degenerateReasons());
        j.put("n_train", r.nTrain());
        j.put("n_test", r.nTest());
        j.put("test_models", testModels(r));
        j.put("n_test_flops_known", r.nTestFlopsKnown());
        List<String> notes = new ArrayList<>();
        if (r.nTest() == 0) notes.add("no held-out models: mse_test is null");
        else if (r.nTestFlopsKnown() == 0) notes.add("no held-out model has known FLOPs: the FLOPs baseline cannot be scored");
        j.put("notes", notes);
        j.put("dropped_missing_target", r.data().droppedMissingTarget());
        j.put("not_in_benchmarks", r.data().notInBenchmarks());
        j.put("explained_variance_ratio", Arrays.stream(r.explainedVarianceRatio()).boxed().toList());
        Map<String, Object> weights = new LinkedHashMap<>();
        r.metricWeights().forEach((k, v) -> weights.put(k, jsonValue(v)));
        j.put("metric_weights", weights);
        j.put("intercept", jsonValue(r.metricIntercept()));
        SigmoidLink link = r.link();
        j.put("alpha", link == null ? null : link.alpha());
        j.put("beta", link == null ? null : Arrays.stream(link.beta()).boxed().toList());
        j.put("b", link == null ? null : link.b());
        j.put("mse_train", jsonValue(r.mseTrain()));
        j.put("mse_test", jsonValue(r.mseTest()));
        j.put("mse_test_flops_known", jsonValue(r.mseTestFlopsKnown()));
        j.put("baseline_flops_mse_test", jsonValue(r.baselineMseTest()));
        j.put("baseline_flops", baselineJson(r.flopsBaseline()));
        if (r.sizeBaseline() != null) j.put("baseline_size", baselineJson(r.sizeBaseline()));
        if (r.bootstrap() != null) j.put("bootstrap", bootstrapJson(r.bootstrap(), r.data().models()));
        Map<String, Object> r2 = new LinkedHashMap<>(), slopes = new LinkedHashMap<>(), counts = new LinkedHashMap<>();
        r.familyTrends().forEach((family, f) -> {
            r2.put(family, jsonValue(f.r2()));
            slopes.put(family, jsonValue(f.slope()));
            counts.put(family, f.n());
        });
        j.put("pc1_vs_log_flops_r2", r2);
        j.put("pc1_vs_log_flops_slope", slopes);
        j.put("pc1_vs_log_flops_n", counts);
        j.put("equivalent_flops", equivalentFlopsJson(r));
        return j;
    }

    /** The reference-family line behind equivalent FLOPs (paper Eq. 7). */
    public static Map<String, Object> equivalentFlopsJson(ScalingResult r) {
        LinearFit ref = r.equivalentFlopsLine();
        Map<String, Object> eq = new LinkedHashMap<>();
        eq.put("reference_family", r.options().referenceFamily());
        eq.put("models", ref.n());
        eq.put("slope_per_log10_flops", jsonValue(ref.slope()));
        eq.put("intercept", jsonValue(ref.intercept()));
        if (!ref.defined()) eq.put("note", "fewer than two reference-family models with known FLOPs; no equivalent FLOPs");
        return eq;
    }

    static Map<String, Object> baselineJson(ComputeBaseline b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", b.measure());
        m.put("alpha", b.link() == null ? null : b.link().alpha());
        m.put("beta", b.link() == null ? null : b.link().beta()[0]);
        m.put("b", b.link() == null ? null : b.link().b());
        m.put("n_test", b.nTest());
        m.put("mse_test", jsonValue(b.mseTest()));
        m.put("pc_mse_test_same_models", jsonValue(b.pcMseTest()));
        if (b.problem() != null) m.put("note", b.problem());
        return m;
    }

    /** The bootstrap block, labelled as lightbulb's addition (the paper reports train/test errors only). */
    public static Map<String, Object> bootstrapJson(ModelBootstrap.Result b, List<String> models) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", "lightbulb's addition, not in the paper or its code: percentile bootstrap over the training models "
                + "(resampled with replacement, imputer, PCA and link refitted)");
        m.put("level", ModelBootstrap.LEVEL);
        m.put("resamples", b.resamples());
        m.put("failed", b.failed());
        m.put("failures", b.failures());
        m.put("step_fits", b.steps());
        Map<String, Object> w = new LinkedHashMap<>();
        b.weights().forEach((metric, iv) -> w.put(metric, List.of(jsonValue(iv.low()), jsonValue(iv.high()))));
        m.put("metric_weights", w);
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            p.put(models.get(i), java.util.Arrays.asList(jsonValue(b.predictions()[i].low()), jsonValue(b.predictions()[i].high())));
        }
        m.put("predictions", p);
        return m;
    }

    private static List<String> testModels(ScalingResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.train().length; i++) if (!r.train()[i]) out.add(r.data().models().get(i));
        return out;
    }

    static void writePredictions(ScalingResult r, Path file) {
        ScalingData d = r.data();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            double flops = d.flops()[i] * 1e21;
            ModelBootstrap.Interval iv = r.bootstrap() == null ? ModelBootstrap.Interval.NONE : r.bootstrap().predictions()[i];
            rows.add(List.of(d.models().get(i), d.families().get(i), flops, d.parametersB()[i], r.train()[i] ? "train" : "test",
                    d.y()[i], r.yHat()[i], iv.low(), iv.high(), r.baselineYHat()[i],
                    r.sizeBaseline() == null ? Double.NaN : r.sizeBaseline().yHat()[i], r.equivalentLog10Flops()[i], r.scores()[i][0]));
        }
        CsvOutput.write(file, List.of("model", "family", "flops", "parameters_b", "split", "y", "y_hat", "y_hat_bootstrap_low",
                "y_hat_bootstrap_high", "y_hat_flops_baseline", "y_hat_size_baseline", "equivalent_log10_flops", "pc1"), rows);
    }
}
