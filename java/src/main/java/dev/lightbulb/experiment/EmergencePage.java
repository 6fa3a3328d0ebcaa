package dev.lightbulb.experiment;

import com.hubspot.jinjava.Jinjava;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.analysis.emergence.EmergenceReport;
import dev.lightbulb.analysis.emergence.Interval;
import dev.lightbulb.games.Game;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code index.html}: the grid's cells, the fitted law's predicted few-shot emergence point, and where the
 * checkpoints actually emerged without finetuning, with the fit's plots inlined (one self-contained file).
 */
final class EmergencePage {
    static final String FILE = "index.html";
    /** Few-shot accuracy above this counts as emerged (a clemscore of 5). */
    static final double EMERGED = 0.05;

    private EmergencePage() {}

    /** {@code fit} is null when the grid has too few finished cells to fit (the reason is then {@code noFit}). */
    static Path write(EmergenceGrid grid, List<CellResult> cells, EmergenceReport.Written fit, String noFit, Path fitDir) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("games", grid.games().stream().map(Game::name).collect(Collectors.joining(", ")));
        ctx.put("checkpoints", grid.checkpoints().size());
        ctx.put("amounts", grid.amounts().toString());
        ctx.put("recipe", grid.recipe().toString());
        String set = grid.evalInstances() == null ? "clembench v1.6 instances" : "instances of " + grid.evalInstances();
        ctx.put("eval", grid.evalLimit() == null ? "all " + set : "the first " + grid.evalLimit() + " " + set + " of each experiment");
        if (fit == null) {
            ctx.put("degenerate", noFit);
        } else if (fit.first().mle().degenerate()) {
            ctx.put("degenerate", fit.first().mle().degenerateReason());
        } else {
            ctx.put("form", fit.first().mle().form().cliName);
            ctx.put("axis", fit.table().axis().column);
            ctx.put("predicted", fmt(fit.table().axis().convert(fit.first().mle().emergenceAtD0())));
            Interval i = fit.interval() == null ? null : fit.table().axis().convert(fit.interval());
            ctx.put("interval", i == null ? "no MCMC interval" : "[" + fmt(i.p05()) + ", " + fmt(i.p95()) + "]");
        }
        ctx.put("observed", observed(cells));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CellResult r : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cell", r.cell());
            row.put("model", r.model());
            row.put("loss", fmt(r.loss()));
            row.put("amount", r.dataAmount());
            row.put("accuracy", fmt(r.accuracy()));
            row.put("clemscore", fmt(r.clemscore()));
            row.put("played", fmt(r.played()));
            row.put("quality", fmt(r.quality()));
            row.put("seconds", String.format(Locale.ROOT, "%.0f", r.seconds()));
            row.put("status", r.ok() ? "ok" : "failed: " + r.reason());
            row.put("failed", !r.ok());
            rows.add(row);
        }
        ctx.put("rows", rows);
        ctx.put("missing", grid.cells() - cells.size());
        ctx.put("total", grid.cells());
        List<Map<String, Object>> plots = new ArrayList<>();
        if (fit != null) {
            String form = fit.first().mle().form().cliName;
            plot(plots, fitDir.resolve("emergence_" + form + ".png"), "Accuracy against loss, with the fitted curves");
            plot(plots, fitDir.resolve("emergence_law_" + form + ".png"), "Emergence points and the law");
        }
        ctx.put("plots", plots);
        String html = new Jinjava().render(template(), ctx);
        Path page = grid.out().resolve(FILE);
        OutputFiles.write(page, tmp -> Files.writeString(tmp, html, StandardCharsets.UTF_8));
        return page;
    }

    /** Where the checkpoints emerged without finetuning: the weakest above {@link #EMERGED}, and the strongest below. */
    static String observed(List<CellResult> cells) {
        List<CellResult> fewShot = cells.stream().filter(c -> c.ok() && c.dataAmount() == 0)
                .sorted(Comparator.comparingDouble(CellResult::loss)).toList();
        if (fewShot.isEmpty()) return "no few-shot cell has finished.";
        List<CellResult> emerged = fewShot.stream().filter(c -> c.accuracy() > EMERGED).toList();
        if (emerged.isEmpty()) {
            return "no checkpoint emerged (accuracy above " + EMERGED + ") without finetuning; the strongest, " + fewShot.getFirst().model()
                    + " at loss " + fmt(fewShot.getFirst().loss()) + ", has accuracy " + fmt(fewShot.getFirst().accuracy())
                    + ", so emergence lies below that loss.";
        }
        CellResult weakest = emerged.getLast();
        List<CellResult> below = fewShot.stream().filter(c -> c.loss() > weakest.loss() && c.accuracy() <= EMERGED).toList();
        return "the weakest checkpoint that emerged is " + weakest.model() + " (loss " + fmt(weakest.loss()) + ", accuracy " + fmt(weakest.accuracy())
                + ")" + (below.isEmpty() ? "; every checkpoint emerged." : "; the strongest that did not is " + below.getFirst().model()
                + " (loss " + fmt(below.getFirst().loss()) + "): few-shot emergence lies between these losses.");
    }

    private static void plot(List<Map<String, Object>> plots, Path png, String title) {
        if (!Files.isRegularFile(png)) return;
        try {
            plots.add(Map.of("title", title, "uri", "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png))));
        } catch (IOException e) {
            throw new LightbulbException(png + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String template() {
        try (InputStream in = EmergencePage.class.getResourceAsStream("emergence.html.jinja")) {
            if (in == null) throw new LightbulbException("report template missing from the jar (emergence.html.jinja)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LightbulbException("cannot read the report template: " + e.getMessage(), e);
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }
}
