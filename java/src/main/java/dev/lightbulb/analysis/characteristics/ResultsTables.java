package dev.lightbulb.analysis.characteristics;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads clembench results tables in the two layouts that exist: the benchmark's own {@code results.csv}
 * (first column = pair label, then {@code "-, clemscore"}, {@code "all, Average % Played"}, ...), and the
 * ModelAnalysis2024 score sheets (columns {@code Model Name}, {@code clemscore}, {@code Backend}, {@code Link},
 * then the same per-game columns). Rows of one model (same name and temperature) from several files are
 * merged: the first file's scores are kept, later files may add backend and link, and a disagreement in
 * clemscore is reported. An empty or "nan" clemscore is read as NaN: clembench (and {@code lightbulb eval})
 * writes it so when the score is not computable, e.g. a model that aborted every episode has no quality score.
 */
public final class ResultsTables {
    private ResultsTables() {}

    public record Loaded(List<ClemResult> results, List<String> conflicts) {}

    public static Loaded read(List<Path> files) {
        Map<String, ClemResult> byKey = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Path file : files) {
            for (ClemResult r : parse(Table.read(file))) {
                String k = r.key() + "@" + r.temperature();
                ClemResult old = byKey.get(k);
                if (old == null) { byKey.put(k, r); continue; }
                if (disagree(old.clemscore(), r.clemscore())) {
                    conflicts.add(String.format(Locale.ROOT, "%s: clemscore %.2f in %s but %.2f in %s; kept the first",
                            old.model(), old.clemscore(), old.source(), r.clemscore(), r.source()));
                }
                if (old.backend().isEmpty() && !r.backend().isEmpty()) byKey.put(k, old.withAccess(r.backend(), r.link()));
            }
        }
        if (byKey.isEmpty()) throw new LightbulbException(files + ": no result rows");
        return new Loaded(List.copyOf(byKey.values()), conflicts);
    }

    private static boolean disagree(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) != Double.isNaN(b);
        return Math.abs(a - b) > 0.005;
    }

    /** The rows of one table, in table order. */
    public static List<ClemResult> parse(Table t) {
        int label;
        int clemscore;
        Optional<Integer> named = t.findColumn("Model Name", "model");
        if (named.isPresent()) {
            label = t.findColumn("cllm_pairs").orElse(named.get());
            clemscore = t.requireColumn("clemscore", "-, clemscore");
        } else {
            label = 0; // clembench writes the pair label in an unnamed first column
            clemscore = t.requireColumn("-, clemscore", "clemscore");
        }
        int played = t.requireColumn("all, Average % Played");
        int quality = t.requireColumn("all, Average Quality Score");
        Optional<Integer> backend = t.findColumn("Backend", "backend");
        Optional<Integer> link = t.findColumn("Link");
        Map<String, int[]> gameColumns = new LinkedHashMap<>();
        for (int c = 0; c < t.columns().size(); c++) {
            String col = t.columns().get(c).strip();
            if (col.endsWith(", % Played") && !col.startsWith("all,")) {
                String game = col.substring(0, col.length() - ", % Played".length());
                gameColumns.put(game, new int[]{c, t.requireColumn(game + ", Quality Score")});
            }
        }
        List<ClemResult> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            final int row = r;
            String text = t.text(r, label);
            if (text.isEmpty()) throw new LightbulbException(t.where(r, label) + ": model name missing");
            ModelNames.Player p = ModelNames.player(text);
            Map<String, GameScore> games = new LinkedHashMap<>();
            for (var e : gameColumns.entrySet()) {
                games.put(e.getKey(), new GameScore(t.number(r, e.getValue()[0]), t.number(r, e.getValue()[1])));
            }
            out.add(new ClemResult(p.model(), p.temperature(), t.number(r, clemscore), t.number(r, played),
                    t.number(r, quality), games, backend.map(c -> t.text(row, c)).orElse(""),
                    link.map(c -> t.text(row, c)).orElse(""), t.source()));
        }
        return out;
    }
}
