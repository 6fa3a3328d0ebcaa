package dev.lightbulb.analysis.clemscore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.Jinjava;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.plot.ChartFiles;
import dev.lightbulb.analysis.scaling.ModelBootstrap;
import dev.lightbulb.analysis.scaling.ScalingReport;
import dev.lightbulb.analysis.scaling.ScalingResult;
import dev.lightbulb.analysis.table.CsvOutput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.lightbulb.analysis.table.Numbers.jsonValue;

/**
 * Writes the clemscore fits: fit.json (per target and fit: n, loo_mae_points, test_mae_points, weights),
 * predictions.csv (one row per target and model), join.csv (what became of every results model), the plots
 * as PNG and SVG, and report.html, whose body is the section the characteristics report also embeds.
 */
public final class ClemscoreScalingReport {
    private ClemscoreScalingReport() {}

    public static void write(ClemscoreScaling.Result r, Path dir) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("fit.json").toFile(), fitJson(r));
            writePredictions(r, dir.resolve("predictions.csv"));
            writeJoin(r.data(), dir.resolve("join.csv"));
            Map<String, String> inline = new LinkedHashMap<>();
            ClemscoreScalingPlots.all(r).forEach((name, chart) -> {
                ChartFiles.save(chart, dir, name);
                inline.put(name, ChartFiles.inlineSvg(chart));
            });
            String page = render("report.html.jinja", Map.of("section", section(r, inline)));
            Files.writeString(dir.resolve("report.html"), page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LightbulbException(dir + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The HTML section (charts inlined as SVG) for the characteristics report. */
    public static String htmlSection(ClemscoreScaling.Result r) {
        Map<String, String> inline = new LinkedHashMap<>();
        ClemscoreScalingPlots.all(r).forEach((name, chart) -> inline.put(name, ChartFiles.inlineSvg(chart)));
        return section(r, inline);
    }

    static Map<String, Object> fitJson(ClemscoreScaling.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("method", "observational scaling law (arXiv 2405.10938, instruct-model setup of its Sec. 4.2) of clembench scores "
                + "(arXiv 2406.14051) on the capability PCs of standard benchmarks");
        ClemscoreScalingOptions o = r.options();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("pcs", o.pcs());
        options.put("metrics", BenchmarkRows.METRICS);
        options.put("link", o.form().referenceName());
        options.put("loss", o.loss().describe());
        options.put("test_fraction", o.testFraction());
        options.put("reference_family", o.referenceFamily());
        options.put("bootstrap", o.bootstrap());
        options.put("seed", o.seed());
        j.put("options", options);
        j.put("units", "targets are fitted as score / 100; errors are mean absolute errors in points (0-100)");
        j.put("join", joinJson(r.data()));
        Map<String, Object> targets = new LinkedHashMap<>();
        for (ClemscoreScaling.TargetResult t : r.targets()) targets.put(t.target().key(), targetJson(t));
        j.put("targets", targets);
        return j;
    }

    private static Map<String, Object> joinJson(ClemscoreData d) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("joined", d.models().size());
        j.put("own_rows", d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.OWN).count());
        j.put("base_rows", d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.BASE).count());
        j.put("excluded", d.excluded().stream().map(e -> Map.of("model", e.result().model(), "source", e.result().source(),
                "reason", e.reason())).toList());
        j.put("unmapped", d.unmapped().stream().map(u -> Map.of("model", u.model(), "source", u.source())).toList());
        return j;
    }

    private static Map<String, Object> targetJson(ClemscoreScaling.TargetResult t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("label", t.target().label());
        j.put("n", t.models().size());
        Map<String, Object> fits = new LinkedHashMap<>();
        t.fits().forEach((key, f) -> fits.put(key, fitJson(t, f, key.equals(ClemscoreScaling.PC) ? t.split().bootstrap() : null)));
        j.put("fits", fits);
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (ModelMapping.Kind k : List.of(ModelMapping.Kind.OWN, ModelMapping.Kind.BASE)) {
            byKind.put(k.label(), jsonValue(t.looMaePoints(k)));
        }
        j.put("pc_loo_mae_points_by_mapping", byKind);
        Map<String, Object> bySource = new LinkedHashMap<>();
        t.models().stream().map(m -> m.result().source()).distinct().forEach(s -> bySource.put(s, jsonValue(t.looMaePoints(s))));
        j.put("pc_loo_mae_points_by_results_table", bySource);
        j.put("pc_split_fit", splitJson(t.split()));
        return j;
    }

    private static Map<String, Object> fitJson(ClemscoreScaling.TargetResult t, FitEvaluation f, ModelBootstrap.Result boot) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("description", f.description());
        j.put("models", f.modelSet());
        j.put("n", f.n());
        j.put("loo_mae_points", jsonValue(f.looMaePoints()));
        j.put("test_mae_points", jsonValue(f.testMaePoints()));
        j.put("test_models", Arrays.stream(f.testModels()).mapToObj(i -> t.models().get(i).name()).toList());
        Map<String, Object> w = new LinkedHashMap<>();
        f.weights().forEach((k, v) -> w.put(k, jsonValue(v)));
        j.put("weights", w);
        if (boot != null) {
            Map<String, Object> iv = new LinkedHashMap<>();
            boot.weights().forEach((m, i) -> iv.put(m, Arrays.asList(jsonValue(i.low()), jsonValue(i.high()))));
            j.put("weights_bootstrap_95", iv);
        }
        j.put("loo_failed", f.looFailed());
        j.put("loo_flagged", f.looFlagged());
        j.put("degenerate", f.degenerate());
        j.put("degenerate_reasons", f.problems());
        return j;
    }

    private static Map<String, Object> splitJson(ScalingResult s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("n_train", s.nTrain());
        j.put("explained_variance_ratio", Arrays.stream(s.explainedVarianceRatio()).boxed().toList());
        j.put("alpha", s.link() == null ? null : s.link().alpha());
        j.put("beta", s.link() == null ? null : Arrays.stream(s.link().beta()).boxed().toList());
        j.put("b", s.link() == null ? null : s.link().b());
        j.put("metric_intercept", jsonValue(s.metricIntercept()));
        j.put("degenerate", s.degenerate());
        j.put("degenerate_reasons", s.degenerateReasons());
        j.put("equivalent_flops", ScalingReport.equivalentFlopsJson(s));
        if (s.bootstrap() != null) j.put("bootstrap", ScalingReport.bootstrapJson(s.bootstrap(), s.data().models()));
        return j;
    }

    static void writePredictions(ClemscoreScaling.Result r, Path file) {
        List<List<Object>> rows = new ArrayList<>();
        for (ClemscoreScaling.TargetResult t : r.targets()) {
            ScalingResult s = t.split();
            double[] pcLoo = looByModel(t, ClemscoreScaling.PC), pcSame = looByModel(t, ClemscoreScaling.PC_SAME);
            double[] flops = looByModel(t, ClemscoreScaling.FLOPS_SAME), logParams = looByModel(t, ClemscoreScaling.LOG_PARAMS_SAME);
            for (int i = 0; i < t.models().size(); i++) {
                ClemscoreData.Joined m = t.models().get(i);
                ModelBootstrap.Interval iv = s.bootstrap() == null ? ModelBootstrap.Interval.NONE : s.bootstrap().predictions()[i];
                rows.add(Arrays.asList(t.target().key(), m.name(), m.result().source(), m.mapping().kind().label(), m.row().model(),
                        m.row().family(), m.row().parametersB(), m.row().flops(), 100 * t.y()[i], s.train()[i] ? "train" : "test",
                        100 * pcLoo[i], 100 * s.yHat()[i], 100 * iv.low(), 100 * iv.high(), 100 * pcSame[i], 100 * flops[i],
                        100 * logParams[i], s.equivalentLog10Flops()[i]));
            }
        }
        CsvOutput.write(file, List.of("target", "model", "results_table", "mapping", "benchmark_model", "family", "parameters_b",
                "flops_1e21", "actual_points", "split", "pc_loo_points", "pc_split_fit_points", "pc_bootstrap_low_points",
                "pc_bootstrap_high_points", "pc_same_models_loo_points", "flops_loo_points", "log_params_loo_points",
                "equivalent_log10_flops"), rows);
    }

    /** A fit's leave-one-out predictions spread over all the target's models (NaN for models it does not score). */
    private static double[] looByModel(ClemscoreScaling.TargetResult t, String fit) {
        double[] out = new double[t.models().size()];
        Arrays.fill(out, Double.NaN);
        FitEvaluation f = t.fits().get(fit);
        for (int j = 0; j < f.n(); j++) out[f.models()[j]] = f.loo()[j];
        return out;
    }

    static void writeJoin(ClemscoreData d, Path file) {
        List<List<Object>> rows = new ArrayList<>();
        for (ClemscoreData.Joined m : d.models()) {
            rows.add(List.of(m.name(), m.result().source(), m.mapping().kind().label(), m.row().model(), m.mapping().provenance()));
        }
        for (ClemscoreData.Excluded e : d.excluded()) rows.add(List.of(e.result().model(), e.result().source(), "none", "", e.reason()));
        for (ClemscoreData.Unmapped u : d.unmapped()) rows.add(List.of(u.model(), u.source(), "unmapped", "", "no entry in the mapping"));
        CsvOutput.write(file, List.of("model", "results_table", "mapping", "benchmark_model", "provenance"), rows);
    }

    private static String section(ClemscoreScaling.Result r, Map<String, String> charts) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ClemscoreData d = r.data();
        ctx.put("joined", d.models().size());
        ctx.put("own", d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.OWN).count());
        ctx.put("base", d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.BASE).count());
        ctx.put("excluded", d.excluded().size());
        ctx.put("unmapped", String.join(", ", d.unmapped().stream().map(ClemscoreData.Unmapped::model).toList()));
        ctx.put("pcs", r.options().pcs());
        ctx.put("metrics", String.join(", ", BenchmarkRows.METRICS));
        ctx.put("fraction", fmt(100 * r.options().testFraction(), 0));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : r.targets().getFirst().fits().keySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            FitEvaluation first = r.targets().getFirst().fits().get(key);
            row.put("fit", key);
            row.put("description", first.description());
            row.put("models", first.modelSet());
            List<Map<String, String>> cells = new ArrayList<>();
            for (ClemscoreScaling.TargetResult t : r.targets()) {
                FitEvaluation f = t.fits().get(key);
                cells.add(Map.of("n", String.valueOf(f.n()), "loo", fmt(f.looMaePoints(), 1), "test", fmt(f.testMaePoints(), 1),
                        "flag", f.degenerate() ? String.join("; ", f.problems()) : ""));
            }
            row.put("cells", cells);
            rows.add(row);
        }
        ctx.put("fits", rows);
        ctx.put("targets", r.targets().stream().map(t -> t.target().label()).toList());
        ClemscoreScaling.TargetResult clem = r.targets().getFirst();
        ModelBootstrap.Result boot = clem.split().bootstrap();
        ctx.put("weights", clem.pc().weights().entrySet().stream().map(e -> Map.of("metric", e.getKey(), "weight", fmt(e.getValue(), 2),
                "interval", boot == null ? "–" : interval(boot.weights().get(e.getKey())))).toList());
        ctx.put("test_models", String.join(", ", Arrays.stream(clem.pc().testModels()).mapToObj(i -> clem.models().get(i).name()).toList()));
        ctx.put("own_mae", fmt(clem.looMaePoints(ModelMapping.Kind.OWN), 1));
        ctx.put("base_mae", fmt(clem.looMaePoints(ModelMapping.Kind.BASE), 1));
        ctx.put("charts", charts);
        ctx.put("clemscore_plot", "predicted_vs_actual_" + ClemTarget.CLEMSCORE.key());
        ctx.put("flops_plot", ClemTarget.CLEMSCORE.key() + "_vs_equivalent_flops");
        return render("section.html.jinja", ctx);
    }

    private static String interval(ModelBootstrap.Interval iv) {
        return iv.defined() ? "[" + fmt(iv.low(), 2) + ", " + fmt(iv.high(), 2) + "]" : "–";
    }

    private static String render(String template, Map<String, Object> ctx) {
        try (InputStream in = ClemscoreScalingReport.class.getResourceAsStream(template)) {
            if (in == null) throw new LightbulbException("report template missing from the jar (" + template + ")");
            return new Jinjava().render(new String(in.readAllBytes(), StandardCharsets.UTF_8), ctx);
        } catch (IOException e) {
            throw new LightbulbException(template + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
    }
}
