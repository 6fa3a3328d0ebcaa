package dev.lightbulb.analysis.scaling;

import dev.lightbulb.analysis.plot.ChartFiles;
import dev.lightbulb.analysis.plot.ChartStyle;
import dev.lightbulb.analysis.table.LinearFit;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The three figures of a scaling fit, each written as PNG and SVG. */
public final class ScalingPlots {
    private ScalingPlots() {}

    static void writeAll(ScalingResult r, String target, Path dir) {
        ChartFiles.save(pc1VsFlops(r), dir, "pc1_vs_log_flops");
        ChartFiles.save(predictedVsActual(r, target), dir, "predicted_vs_actual");
        if (r.link() != null && r.equivalentFlopsLine().defined()) {
            ChartFiles.save(sigmoidOverEquivalentFlops(r, target, 1), dir, "sigmoid_equivalent_flops");
        }
    }

    /** Paper Fig. 3: within a family, PC1 is linear in log compute. */
    static XYChart pc1VsFlops(ScalingResult r) {
        XYChart chart = ChartStyle.xy("PC1 vs log10 FLOPs by family", "log10 training FLOPs", "PC1");
        ScalingData d = r.data();
        for (Map.Entry<String, LinearFit> e : r.familyTrends().entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) {
                if (d.families().get(i).equals(e.getKey())) {
                    xs.add(Math.log10(d.flops()[i]) + 21);
                    ys.add(r.scores()[i][0]);
                }
            }
            LinearFit f = e.getValue();
            ChartStyle.points(chart, String.format("%s (R²=%.2f)", e.getKey(), f.r2()), unbox(xs), unbox(ys));
        }
        return chart;
    }

    static XYChart predictedVsActual(ScalingResult r, String target) {
        XYChart chart = ChartStyle.xy("Predicted vs actual: " + target, "actual", "predicted");
        for (boolean split : new boolean[]{true, false}) {
            double[] actual = ObservationalScaling.selectValues(r.data().y(), r.train(), split);
            double[] predicted = ObservationalScaling.selectValues(r.yHat(), r.train(), split);
            if (actual.length > 0) ChartStyle.points(chart, split ? "train" : "test", actual, predicted);
        }
        double lo = Math.min(0, min(r.data().y())), hi = Math.max(1, max(r.data().y()));
        ChartStyle.line(chart, "y = x", new double[]{lo, hi}, new double[]{lo, hi});
        return chart;
    }

    /**
     * Paper Fig. 4-5 style: the fitted sigmoid over reference-family-equivalent FLOPs; targets and curve are
     * multiplied by {@code unit} (100 shows a percentage scale in points). Needs a link and a defined
     * equivalent-FLOPs line.
     */
    public static XYChart sigmoidOverEquivalentFlops(ScalingResult r, String target, double unit) {
        String family = r.options().referenceFamily();
        XYChart chart = ChartStyle.xy(target + " vs " + family + "-equivalent FLOPs",
                "log10 " + family + "-equivalent FLOPs", target);
        double[] eq = r.equivalentLog10Flops();
        for (boolean split : new boolean[]{true, false}) {
            double[] x = ObservationalScaling.selectValues(eq, r.train(), split);
            double[] y = ObservationalScaling.selectValues(r.data().y(), r.train(), split);
            for (int i = 0; i < y.length; i++) y[i] *= unit;
            if (x.length > 0) ChartStyle.points(chart, split ? "train" : "test", x, y);
        }
        double lo = min(eq), hi = max(eq);
        int steps = 200;
        double[] xs = new double[steps + 1], ys = new double[steps + 1];
        LinearFit line = r.equivalentFlopsLine();
        SigmoidLink link = r.link();
        for (int s = 0; s <= steps; s++) {
            xs[s] = lo + (hi - lo) * s / steps;
            double argument = line.predict(xs[s] - 21);
            ys[s] = unit * ((1 - link.b()) * SigmoidLink.sigmoid(argument) + link.b());
        }
        ChartStyle.line(chart, "fit", xs, ys);
        return chart;
    }

    private static double[] unbox(List<Double> xs) { return xs.stream().mapToDouble(Double::doubleValue).toArray(); }

    private static double min(double[] xs) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : xs) if (Double.isFinite(x)) m = Math.min(m, x);
        return m;
    }

    private static double max(double[] xs) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : xs) if (Double.isFinite(x)) m = Math.max(m, x);
        return m;
    }
}
