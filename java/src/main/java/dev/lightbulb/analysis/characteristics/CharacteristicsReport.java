package dev.lightbulb.analysis.characteristics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.Jinjava;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.plot.ChartFiles;
import dev.lightbulb.analysis.table.CsvOutput;
import dev.lightbulb.analysis.table.LinearFit;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.lightbulb.analysis.table.Numbers.jsonValue;

/** Writes the study as CSV tables, summary.json, plots (PNG + SVG) and one self-contained report.html. */
public final class CharacteristicsReport {
    private CharacteristicsReport() {}

    public static void write(CharacteristicsStudy.Result r, Path dir) {
        write(r, dir, List.of());
    }

    /** {@code sections}: further HTML sections (from other analyses) appended to report.html as they are. */
    public static void write(CharacteristicsStudy.Result r, Path dir, List<String> sections) {
        try {
            Files.createDirectories(dir);
            writeTables(r, dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("summary.json").toFile(), summary(r));
            Map<String, Chart<?, ?>> charts = CharacteristicsPlots.all(r);
            Map<String, String> inline = new LinkedHashMap<>();
            charts.forEach((name, chart) -> {
                ChartFiles.save(chart, dir, name);
                inline.put(name, ChartFiles.inlineSvg(chart));
            });
            Files.writeString(dir.resolve("report.html"), html(r, inline, sections), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LightbulbException(dir + ": cannot write report: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> summary(CharacteristicsStudy.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        LinearFit f = r.sizeFit();
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("x", "log10(parameters in billions)");
        size.put("slope", jsonValue(f.slope()));
        size.put("intercept", jsonValue(f.intercept()));
        size.put("r2", jsonValue(f.r2()));
        size.put("n", f.n());
        size.put("degenerate", r.sizeFitDegenerate());
        if (r.sizeFitDegenerate()) size.put("reason", r.sizeFitReason());
        j.put("clemscore_vs_log10_parameters", size);
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (var b : r.buckets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", b.label());
            m.put("n", b.n());
            m.put("min", jsonValue(b.min()));
            m.put("median", jsonValue(b.median()));
            m.put("max", jsonValue(b.max()));
            m.put("std", jsonValue(b.std()));
            buckets.add(m);
        }
        j.put("size_buckets", buckets);
        List<Map<String, Object>> quant = new ArrayList<>();
        for (var q : r.quantisation()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", q.group());
            m.put("full_precision", q.fullModel());
            m.put("quantised", q.quantisedModel());
            m.put("quantisation", q.quantisation());
            m.put("clemscore_full", jsonValue(q.fullClemscore()));
            m.put("clemscore_quantised", jsonValue(q.quantisedClemscore()));
            m.put("delta", jsonValue(q.delta()));
            quant.add(m);
        }
        j.put("quantisation", quant);
        j.put("models_without_parameters", r.withoutParameters());
        j.put("clemscore_not_computable", r.notComputable());
        j.put("conflicting_results", r.conflicts());
        j.put("notes", r.notes());
        return j;
    }

    static void writeTables(CharacteristicsStudy.Result r, Path dir) {
        CsvOutput.write(dir.resolve("all_results.csv"), List.of("model", "temperature", "clemscore", "played", "quality",
                        "in_size_fit", "source"),
                r.results().stream().map(c -> List.<Object>of(c.model(), c.temperature(), c.clemscore(), c.played(),
                        c.quality(), r.inSizeFit(c), c.source())).toList());
        CsvOutput.write(dir.resolve("clemscore_vs_parameters.csv"), List.of("model", "parameters_b", "log10_parameters", "clemscore", "fitted"),
                r.points().stream().map(p -> List.<Object>of(p.model(), p.parametersB(), Math.log10(p.parametersB()),
                        p.clemscore(), r.sizeFit().predict(Math.log10(p.parametersB())))).toList());
        CsvOutput.write(dir.resolve("size_buckets.csv"), List.of("bucket", "n", "min", "median", "max", "std", "models"),
                r.buckets().stream().map(b -> List.<Object>of(b.label(), b.n(), b.min(), b.median(), b.max(), b.std(),
                        String.join(";", b.models()))).toList());
        CsvOutput.write(dir.resolve("quantisation.csv"), List.of("model", "full_precision", "quantised", "quantisation",
                        "clemscore_full", "clemscore_quantised", "delta"),
                r.quantisation().stream().map(q -> List.<Object>of(q.group(), q.fullModel(), q.quantisedModel(), q.quantisation(),
                        q.fullClemscore(), q.quantisedClemscore(), q.delta())).toList());
        List<List<Object>> games = new ArrayList<>();
        for (var q : r.quantisation()) {
            q.gameDeltas().forEach((game, v) -> games.add(List.of(q.group(), q.quantisation(), game, v[0], v[1], v[1] - v[0],
                    v[2], v[3], v[3] - v[2])));
        }
        CsvOutput.write(dir.resolve("quantisation_by_game.csv"), List.of("model", "quantisation", "game", "quality_full",
                "quality_quantised", "quality_delta", "played_full", "played_quantised", "played_delta"), games);
        CsvOutput.write(dir.resolve("finetunes.csv"), List.of("base", "model", "training", "clemscore"),
                r.finetunes().stream().map(f -> List.<Object>of(f.base(), f.model(), f.training(), f.clemscore())).toList());
        CsvOutput.write(dir.resolve("variants.csv"), List.of("model", "result_name", "access", "temperature", "clemscore",
                        "played", "quality", "source"),
                r.variants().stream().map(v -> List.<Object>of(v.group(), v.result().model(), v.access(), v.result().temperature(),
                        v.result().clemscore(), v.result().played(), v.result().quality(), v.result().source())).toList());
    }

    static String html(CharacteristicsStudy.Result r, Map<String, String> charts, List<String> sections) throws IOException {
        String template;
        try (InputStream in = CharacteristicsReport.class.getResourceAsStream("report.html.jinja")) {
            if (in == null) throw new LightbulbException("report template missing from the jar (report.html.jinja)");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> ctx = new LinkedHashMap<>();
        LinearFit f = r.sizeFit();
        ctx.put("fit", Map.of("slope", fmt(f.slope()), "intercept", fmt(f.intercept()), "r2", fmt(f.r2()), "n", f.n(),
                "reason", r.sizeFitReason()));
        ctx.put("buckets", r.buckets().stream().map(b -> Map.of("label", b.label(), "n", b.n(), "min", fmt(b.min()),
                "median", fmt(b.median()), "max", fmt(b.max()), "std", fmt(b.std()), "models", String.join(", ", b.models()))).toList());
        ctx.put("quantisation", r.quantisation().stream().map(q -> Map.of("model", q.group(), "full", q.fullModel(),
                "quantised", q.quantisedModel(), "quantisation", q.quantisation(), "full_score", fmt(q.fullClemscore()),
                "quantised_score", fmt(q.quantisedClemscore()), "delta", fmt(q.delta()))).toList());
        ctx.put("variants", r.variants().stream().map(v -> Map.of("model", v.group(), "name", v.result().model(),
                "access", v.access(), "temperature", fmt(v.result().temperature()), "clemscore", fmt(v.result().clemscore()),
                "played", fmt(v.result().played()), "quality", fmt(v.result().quality()))).toList());
        ctx.put("finetunes", r.finetunes().stream().map(t -> Map.of("base", t.base(), "model", t.model(),
                "training", t.training(), "clemscore", fmt(t.clemscore()))).toList());
        ctx.put("without", String.join(", ", r.withoutParameters()));
        ctx.put("conflicts", r.conflicts());
        ctx.put("notes", r.notes());
        ctx.put("charts", charts);
        ctx.put("sections", sections);
        return new Jinjava().render(template, ctx);
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
    }
}
