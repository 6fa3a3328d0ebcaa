package dev.lightbulb.analysis.characteristics;

import dev.lightbulb.analysis.plot.ChartStyle;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The study's figures. */
final class CharacteristicsPlots {
    private CharacteristicsPlots() {}

    static Map<String, Chart<?, ?>> all(CharacteristicsStudy.Result r) {
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        if (!r.points().isEmpty()) {
            charts.put("clemscore_vs_parameters", clemscoreVsParameters(r));
            charts.put("size_buckets", sizeBuckets(r));
        }
        if (!r.quantisation().isEmpty()) charts.put("quantisation", quantisation(r));
        if (!r.variants().isEmpty()) charts.put("variants", variants(r));
        return charts;
    }

    static XYChart clemscoreVsParameters(CharacteristicsStudy.Result r) {
        XYChart c = ChartStyle.xy(String.format("clemscore vs model size (R² = %.2f, n = %d)", r.sizeFit().r2(), r.sizeFit().n()),
                "log10 parameters (billions)", "clemscore");
        double[] x = r.points().stream().mapToDouble(p -> Math.log10(p.parametersB())).toArray();
        double[] y = r.points().stream().mapToDouble(CharacteristicsStudy.SizePoint::clemscore).toArray();
        ChartStyle.points(c, "models", x, y);
        if (!r.sizeFitDegenerate()) {
            double lo = java.util.Arrays.stream(x).min().orElse(0), hi = java.util.Arrays.stream(x).max().orElse(1);
            ChartStyle.line(c, String.format("fit: %.1f + %.1f·log10 P", r.sizeFit().intercept(), r.sizeFit().slope()),
                    new double[]{lo, hi}, new double[]{r.sizeFit().predict(lo), r.sizeFit().predict(hi)});
        }
        return c;
    }

    /**
     * Every model as a point in its size bucket, so the spread within a bucket is visible; bucket b sits at
     * x = b + 1 and the axis names it ("0-10B", ...), not its number.
     */
    static XYChart sizeBuckets(CharacteristicsStudy.Result r) {
        XYChart c = ChartStyle.xy("clemscore within size buckets", "size bucket (parameters)", "clemscore");
        List<String> names = r.buckets().stream().map(CharacteristicsStudy.Bucket::label).toList();
        c.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            long b = Math.round(x);
            return Math.abs(x - b) < 1e-9 && b >= 1 && b <= names.size() ? names.get((int) b - 1) : "";
        });
        for (int b = 0; b < r.buckets().size(); b++) {
            var bucket = r.buckets().get(b);
            List<Double> ys = new ArrayList<>();
            for (String m : bucket.models()) {
                r.points().stream().filter(p -> p.model().equals(m)).findFirst().ifPresent(p -> ys.add(p.clemscore()));
            }
            double[] x = new double[ys.size()];
            java.util.Arrays.fill(x, b + 1);
            ChartStyle.points(c, bucket.label() + " (n=" + bucket.n() + ")", x, ys.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return c;
    }

    static CategoryChart quantisation(CharacteristicsStudy.Result r) {
        CategoryChart c = bars("clemscore: full precision vs quantised", "model", "clemscore");
        Map<String, Map<String, Double>> bySetting = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (var q : r.quantisation()) {
            if (!groups.contains(q.group())) groups.add(q.group());
            bySetting.computeIfAbsent("full", k -> new LinkedHashMap<>()).put(q.group(), q.fullClemscore());
            bySetting.computeIfAbsent(q.quantisation(), k -> new LinkedHashMap<>()).put(q.group(), q.quantisedClemscore());
        }
        bySetting.forEach((setting, scores) -> c.addSeries(setting, groups, valuesOrGaps(groups, scores)));
        return c;
    }

    /**
     * One group of bars per model, one bar (and legend entry) per access route and temperature: the long
     * names go in the legend, where each bar is identified by its colour, not under rotated axis labels that
     * land beside the next bar. A route a model was not run through leaves a gap.
     */
    static CategoryChart variants(CharacteristicsStudy.Result r) {
        CategoryChart c = bars("the same model through different backends / sampling", "model", "clemscore");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        List<String> groups = new ArrayList<>();
        Map<String, Map<String, Double>> byRoute = new LinkedHashMap<>();
        for (var v : r.variants()) {
            if (!groups.contains(v.group())) groups.add(v.group());
            String route = (v.access().isEmpty() ? "" : v.access() + " · ")
                    + (Double.isNaN(v.result().temperature()) ? "" : "t" + v.result().temperature());
            if (route.isEmpty() || byRoute.getOrDefault(route, Map.of()).containsKey(v.group()))
                route = (route.isEmpty() ? "" : route + " · ") + v.result().model();
            byRoute.computeIfAbsent(route, k -> new LinkedHashMap<>()).put(v.group(), v.result().clemscore());
        }
        byRoute.forEach((route, scores) -> c.addSeries(route, groups, valuesOrGaps(groups, scores)));
        return c;
    }

    /** Each group's value, null (a gap, not a bar at 0) where the series has none. */
    private static List<Number> valuesOrGaps(List<String> groups, Map<String, Double> values) {
        List<Number> out = new ArrayList<>();
        for (String g : groups) out.add(values.get(g));
        return out;
    }

    private static CategoryChart bars(String title, String x, String y) {
        CategoryChart c = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setXAxisMaxLabelCount(Integer.MAX_VALUE); // XChart otherwise drops some category labels
        return c;
    }
}
