package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.analysis.plot.ChartStyle;
import dev.lightbulb.analysis.scaling.ScalingPlots;
import dev.lightbulb.analysis.scaling.ScalingResult;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.awt.Font;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of the clemscore fits, every model named beside its point. */
final class ClemscoreScalingPlots {
    private ClemscoreScalingPlots() {}

    private static final Font NAME_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 9);

    /** File name (without extension) → chart, for every target. */
    static Map<String, XYChart> all(ClemscoreScaling.Result r) {
        Map<String, XYChart> charts = new LinkedHashMap<>();
        for (ClemscoreScaling.TargetResult t : r.targets()) {
            charts.put("predicted_vs_actual_" + t.target().key(), predictedVsActual(t));
            equivalentFlops(t, r.options().referenceFamily()).ifPresent(c -> charts.put(t.target().key() + "_vs_equivalent_flops", c));
        }
        return charts;
    }

    /** Leave-one-out predictions of the PC fit against the actual scores, own-row and base-row models apart. */
    static XYChart predictedVsActual(ClemscoreScaling.TargetResult t) {
        FitEvaluation pc = t.pc();
        XYChart chart = ChartStyle.xy(String.format("%s: leave-one-out prediction (MAE %.1f points, n = %d)", t.target().label(),
                pc.looMaePoints(), pc.n()), "actual " + t.target().label(), "predicted " + t.target().label());
        for (ModelMapping.Kind kind : List.of(ModelMapping.Kind.OWN, ModelMapping.Kind.BASE)) {
            double[] x = new double[pc.n()], y = new double[pc.n()];
            for (int j = 0; j < pc.n(); j++) {
                int i = pc.models()[j];
                boolean keep = t.models().get(i).mapping().kind() == kind;
                x[j] = keep ? 100 * t.y()[i] : Double.NaN;
                y[j] = keep ? 100 * pc.loo()[j] : Double.NaN;
            }
            ChartStyle.points(chart, kind == ModelMapping.Kind.OWN ? "own benchmark row" : "base model's row", x, y);
        }
        ChartStyle.line(chart, "y = x", new double[]{0, 100}, new double[]{0, 100});
        for (int j = 0; j < pc.n(); j++) {
            int i = pc.models()[j];
            if (Double.isFinite(pc.loo()[j])) name(chart, t.models().get(i).name(), 100 * t.y()[i], 100 * pc.loo()[j], 100);
        }
        return chart;
    }

    /** The score against Llama-2-Chat-equivalent FLOPs with the fitted sigmoid (paper Fig. 5 style). */
    static java.util.Optional<XYChart> equivalentFlops(ClemscoreScaling.TargetResult t, String family) {
        ScalingResult s = t.split();
        if (s.link() == null || !s.equivalentFlopsLine().defined()) return java.util.Optional.empty();
        XYChart chart = ScalingPlots.sigmoidOverEquivalentFlops(s, t.target().label(), 100);
        double[] eq = java.util.Arrays.stream(s.equivalentLog10Flops()).filter(Double::isFinite).toArray();
        double span = java.util.Arrays.stream(eq).max().orElse(1) - java.util.Arrays.stream(eq).min().orElse(0);
        for (int i = 0; i < t.models().size(); i++) {
            double x = s.equivalentLog10Flops()[i];
            if (Double.isFinite(x)) name(chart, t.models().get(i).name(), x, 100 * t.y()[i], span);
        }
        return java.util.Optional.of(chart);
    }

    /**
     * A name to the right of its point. XChart centres annotation text on its anchor, so the anchor moves right
     * by about half the text's width, converted from pixels (≈ 5 px per character at this font, a plot ≈ 600 px
     * wide) into data units of an x axis spanning {@code xSpan}.
     */
    private static void name(XYChart chart, String text, double x, double y, double xSpan) {
        double offset = (text.length() * 2.6 + 6) * xSpan / 600;
        AnnotationText a = new AnnotationText(text, x + offset, y, false);
        chart.addAnnotation(a);
        chart.getStyler().setAnnotationTextFont(NAME_FONT);
        chart.getStyler().setAnnotationTextFontColor(new Color(90, 90, 90));
    }
}
