package dev.lightbulb.analysis.emergence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builds fit.json. Every number that is not finite is written as null (JSON has no NaN), and a degenerate fit
 * says so with {@code "degenerate": true} and a reason instead of leaving numbers to be misread.
 */
public final class EmergenceReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmergenceReport() {}

    /** What {@link #write} made: the table read, and the fits, the selected form first. */
    public record Written(EmergenceCsv.Rows table, List<EmergenceAnalysis.FormResult> results, Interval interval) {
        public EmergenceAnalysis.FormResult first() { return results.getFirst(); }
    }

    /**
     * Fits the table in {@code csv} and writes {@code out/fit.json} with the plots {@code emergence_<form>} (accuracy
     * against loss with the fitted curves) and {@code emergence_law_<form>} (the emergence points and the law).
     */
    public static Written write(java.nio.file.Path csv, EmergenceLawForm selected, double d0, EmergenceAnalysis.Settings settings,
                                java.nio.file.Path out) {
        EmergenceCsv.Rows table = EmergenceCsv.read(csv);
        List<EmergenceAnalysis.FormResult> results;
        try {
            results = EmergenceAnalysis.run(table.data(), selected, d0, settings);
        } catch (IllegalArgumentException e) {
            throw new dev.lightbulb.LightbulbException(csv + ": " + e.getMessage(), e);
        }
        ObjectNode json = toJson(csv.toString(), table, results, EmergenceAnalysis.d0Sensitivity(table.data(), selected, d0));
        dev.lightbulb.OutputFiles.write(out.resolve("fit.json"), tmp -> JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json));
        EmergenceAnalysis.FormResult first = results.getFirst();
        Interval interval = first.mcmc() == null ? null : first.mcmc().interval();
        EmergencePlot.write(table, first.mle(), interval, out, "emergence_" + selected.cliName);
        EmergencePlot.writeLaw(table, first, out, "emergence_law_" + selected.cliName);
        return new Written(table, results, interval);
    }

    public static ObjectNode toJson(String source, EmergenceCsv.Rows table, List<EmergenceAnalysis.FormResult> results,
                                    List<EmergenceAnalysis.D0Point> d0Sensitivity) {
        EmergenceData data = table.data();
        XAxis axis = table.axis();
        ObjectNode root = JSON.createObjectNode();
        EmergenceAnalysis.FormResult selected = results.getFirst();
        root.put("data", source);
        root.put("rows", data.size());
        root.put("checkpoints", data.rowsByModel().size());
        ArrayNode amounts = root.putArray("finetune_amounts");
        for (double d : data.finetuneAmounts()) amounts.add(d);
        root.put("few_shot_rows", (int) java.util.Arrays.stream(data.dataAmount()).filter(d -> d == 0).count());
        number(root, "d0", selected.mle().d0());
        root.put("x_column", axis.column);
        root.put("model", axis.modelText + "; few-shot rows: B + Delta + the same ReLU with elbow E(D0)");
        root.put("noise_model", "iid Gaussian accuracy noise with one unknown sigma (MLE = least squares)");
        // say it in the results themselves, not only in the code: a reader of fit.json must know what is unchecked
        root.put("provenance", "functional forms, likelihood and priors reconstructed from the symbols of arXiv "
                + "2411.16035 Table 1 and its ablations; its section 5 algebra was not available to check against (UNVERIFIED)");
        root.put("form", selected.mle().form().cliName);
        root.put("degenerate", selected.mle().degenerate());
        root.put("degenerate_reason", selected.mle().degenerateReason());
        root.set("emergence_point", emergencePoint(selected, axis));
        root.put("preferred_by_aic", preferredByAic(results));
        ArrayNode sensitivity = root.putArray("d0_sensitivity");
        for (EmergenceAnalysis.D0Point p : d0Sensitivity) {
            ObjectNode o = sensitivity.addObject();
            number(o, "d0", p.d0());
            number(o, "mle", axis.convert(p.emergenceAtD0()));
        }
        ArrayNode forms = root.putArray("forms");
        for (EmergenceAnalysis.FormResult r : results) forms.add(form(r, data, axis));
        return root;
    }

    /** The non-degenerate form with the lowest AIC (equal parameter counts: the higher likelihood), or null. */
    private static String preferredByAic(List<EmergenceAnalysis.FormResult> results) {
        return results.stream().map(EmergenceAnalysis.FormResult::mle).filter(m -> !m.degenerate())
                .min(java.util.Comparator.comparingDouble(EmergenceMle::aic)).map(m -> m.form().cliName).orElse(null);
    }

    private static ObjectNode emergencePoint(EmergenceAnalysis.FormResult r, XAxis axis) {
        ObjectNode e = JSON.createObjectNode();
        number(e, "mle", axis.convert(r.mle().emergenceAtD0()));
        if (r.mcmc() != null) {
            Interval i = axis.convert(r.mcmc().interval());
            number(e, "p05", i.p05());
            number(e, "p95", i.p95());
            e.put("interval_from", "mcmc");
        } else {
            e.putNull("p05");
            e.putNull("p95");
            e.put("interval_from", "none: degenerate fit");
        }
        return e;
    }

    private static ObjectNode form(EmergenceAnalysis.FormResult r, EmergenceData data, XAxis axis) {
        EmergenceMle m = r.mle();
        ObjectNode f = JSON.createObjectNode();
        f.put("form", m.form().cliName);
        f.put("law", m.form() == EmergenceLawForm.LOG_POWER ? "E(D) = C + k*(ln D)^alpha" : "E(D) = C + k*D^alpha");
        f.put("degenerate", m.degenerate());
        f.put("degenerate_reason", m.degenerateReason());
        ArrayNode warnings = f.putArray("warnings");
        m.warnings().forEach(warnings::add);
        ObjectNode p = f.putObject("parameters");
        EmergenceParameters q = m.parameters();
        number(p, "A", q.a());
        number(p, "B", q.b());
        if (data.hasFewShot()) number(p, "Delta", q.delta()); else p.putNull("Delta");
        number(p, "k", axis.convert(q.k()));
        number(p, "alpha", q.alpha());
        number(p, "C", axis.convert(q.c()));
        number(p, "sigma", m.sigma());
        number(f, "log_likelihood", m.logLikelihood());
        f.put("parameter_count", m.parameterCount());
        number(f, "aic", m.aic());
        ObjectNode e0 = f.putObject("emergence_point_d0");
        number(e0, "mle", axis.convert(m.emergenceAtD0()));
        if (r.mcmc() != null) {
            ObjectNode mc = interval(e0.putObject("mcmc"), axis.convert(r.mcmc().interval()));
            number(mc, "acceptance_rate", r.mcmc().acceptanceRate());
            mc.put("burn_in", r.mcmc().burnIn());
            mc.put("steps", r.mcmc().steps());
            mc.put("thin", r.mcmc().thin());
        } else {
            e0.putNull("mcmc");
        }
        if (r.bootstrap() != null && r.bootstrap().emergenceAtD0().length > 0) {
            ObjectNode b = interval(e0.putObject("bootstrap"), axis.convert(r.bootstrap().interval()));
            Interval basic = axis.convert(r.bootstrap().basicInterval(m.emergenceAtD0()));
            number(b, "basic_p05", basic.p05());
            number(b, "basic_p95", basic.p95());
            b.put("replicates", r.bootstrap().replicates());
            b.put("failed", r.bootstrap().failed());
        } else {
            e0.putNull("bootstrap");
        }
        ArrayNode byAmount = f.putArray("emergence_point_by_amount");
        double[] free = r.freeElbows();
        double[] amounts = data.finetuneAmounts();
        for (int j = 0; j < amounts.length; j++) {
            ObjectNode o = byAmount.addObject();
            number(o, "data_amount", amounts[j]);
            number(o, "E", axis.convert(q.emergencePoint(m.form(), amounts[j])));
            number(o, "E_free", axis.convert(free[j]));
        }
        return f;
    }

    private static ObjectNode interval(ObjectNode o, Interval i) {
        number(o, "p05", i.p05());
        number(o, "p50", i.p50());
        number(o, "p95", i.p95());
        o.put("samples", i.samples());
        return o;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v); else o.putNull(field);
    }

    public static ObjectMapper mapper() { return JSON; }
}
