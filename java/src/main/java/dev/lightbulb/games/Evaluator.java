package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * clembench's evaluation (evaluation/bencheval.py): the raw table of every episode score, and per
 * (game, model) % played = 100·mean(1 − Aborted), quality = mean Main Score over non-NaN episodes and
 * its sample std (ddof 1), each rounded to 2 places; per model the averages over games of those
 * rounded values (NaN / missing skipped), rounded to 2 (numpy rounding, as pandas); clemscore = round(avg%played/100 · avgQuality, 2).
 * Like clembench, episodes without scores.json are left out; so are broken ones (an interactions.json or
 * scores.json that is not a clembench record), which are listed with the reason instead of stopping the
 * evaluation or being counted.
 */
public final class Evaluator {
    private Evaluator() {}

    /** One raw.csv row: an episode-level score; experiment is the folder name ({@code <idx>_<name>}), as clembench's. */
    public record RawScore(String game, String model, String experiment, int episode, String metric, double value) {}

    /** clembench's derived metric (bencheval.py): 1 − Aborted, one row per episode, after all logged rows. */
    public static final String PLAYED = "Played";

    /** One game's row entries for one model; NaN where undefined. */
    public record GameResult(double played, double quality, double qualityStd) {}

    /** One model's results.csv row. */
    public record ModelResult(String model, double clemscore, double avgPlayed, double avgQuality,
                              Map<String, GameResult> games) {}

    /** A model's episodes left out of its scores: recorded as failed by the run, never scored, or broken. */
    public record LeftOut(int failed, int unscored, int broken) {
        LeftOut plus(LeftOut o) { return new LeftOut(failed + o.failed, unscored + o.unscored, broken + o.broken); }

        public int total() { return failed + unscored + broken; }
    }

    /** An episode whose record is broken, and why (a message that names the file). */
    public record Broken(Path episode, String reason) {}

    /** Every scored episode's rows (with clembench's Played rows), per model (folder) the episodes left out, and the broken ones. */
    public record Collected(List<RawScore> raw, Map<String, LeftOut> leftOut, List<Broken> broken) {}

    /** Reads every episode's scores.json under root. */
    public static List<RawScore> raw(Path root) { return collect(root).raw(); }

    /**
     * Reads every episode's scores.json under root. As clembench (issue #80), an episode without one is
     * left out; so is a failed one even beside a stale scores.json, and a broken one (its interactions.json
     * or scores.json is no clembench record: it is listed with the reason, and the others go on). All are
     * counted so the caller can say how many episodes the scores do not cover.
     */
    public static Collected collect(Path root) { return collect(EpisodeDir.findAll(root)); }

    /** {@link #collect(Path)} over these episodes (e.g. those a merge of several folders would hold), in this order. */
    public static Collected collect(List<EpisodeDir> episodes) {
        List<RawScore> out = new ArrayList<>();
        Map<String, LeftOut> leftOut = new TreeMap<>();
        List<Broken> broken = new ArrayList<>();
        Map<String, Path> seen = new java.util.HashMap<>();
        for (EpisodeDir ep : episodes) {
            // one episode twice (e.g. the shard folders and their merge under one folder) would count twice
            Path twin = seen.putIfAbsent(ep.model() + "/" + ep.game().name() + "/" + ep.dir().getParent().getFileName() + "/" + ep.index(), ep.dir());
            if (twin != null)
                throw new LightbulbException(twin + " and " + ep.dir() + " are the same episode of the same model: evaluate each "
                        + "run's results folder on its own, or several with eval DIR... (which takes one copy of each episode)");
            Path f = ep.dir().resolve("scores.json");
            LeftOut why;
            try {
                JsonNode interactions = ep.interactions();
                ep.checkShape(interactions);
                boolean failed = EpisodeDir.failure(interactions) != null;
                if (failed || !Files.isRegularFile(f)) why = new LeftOut(failed ? 1 : 0, failed ? 0 : 1, 0);
                else {
                    Scores s = Scores.read(f);
                    String experiment = ep.dir().getParent().getFileName().toString();
                    s.episode().forEach((k, v) -> out.add(new RawScore(ep.game().name(), ep.model(), experiment,
                            ep.index(), k, v == null ? Double.NaN : v.doubleValue())));
                    continue;
                }
            } catch (LightbulbException e) {
                broken.add(new Broken(ep.dir(), e.getMessage()));
                why = new LeftOut(0, 0, 1);
            }
            leftOut.merge(ep.model(), why, LeftOut::plus);
        }
        return new Collected(withPlayed(out), leftOut, broken);
    }

    /** The rows followed by clembench's Played row (1 − Aborted) of every episode, as bencheval.py appends them. */
    static List<RawScore> withPlayed(List<RawScore> rows) {
        List<RawScore> all = new ArrayList<>(rows);
        for (RawScore r : rows)
            if (r.metric().equals(Metrics.ABORTED))
                all.add(new RawScore(r.game(), r.model(), r.experiment(), r.episode(), PLAYED, 1 - r.value()));
        return all;
    }

    public static GameResult gameResult(List<Double> aborted, List<Double> mainScores) {
        double played = aborted.isEmpty() ? Double.NaN
                : PyText.npRound(100 * aborted.stream().mapToDouble(a -> 1 - a).average().orElseThrow(), 2);
        double[] q = mainScores.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
        double mean = q.length == 0 ? Double.NaN : java.util.Arrays.stream(q).average().orElseThrow();
        double std = Double.NaN;
        if (q.length > 1) {
            double ss = 0;
            for (double v : q) ss += (v - mean) * (v - mean);
            std = Math.sqrt(ss / (q.length - 1));
        }
        return new GameResult(played, PyText.npRound(mean, 2), PyText.npRound(std, 2));
    }

    /** Averages a model's per-game results into the "all" columns and the clemscore. */
    public static ModelResult modelResult(String model, Map<String, GameResult> games) {
        double avgPlayed = PyText.npRound(meanSkippingNaN(games.values().stream().map(GameResult::played).toList()), 2);
        double avgQuality = PyText.npRound(meanSkippingNaN(games.values().stream().map(GameResult::quality).toList()), 2);
        return new ModelResult(model, PyText.npRound(avgPlayed / 100 * avgQuality, 2), avgPlayed, avgQuality, games);
    }

    /**
     * pandas' row mean across games (nanops: NaN-skipping numpy sum / count). numpy sums fewer than
     * 8 values with a plain left-to-right loop, and that rounding decides cases like 74.905 -> 74.9,
     * so no compensated summation here.
     */
    static double meanSkippingNaN(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) if (!Double.isNaN(v)) { sum += v; n++; }
        return n == 0 ? Double.NaN : sum / n;
    }

    public static List<ModelResult> results(List<RawScore> raw) {
        Map<String, Map<String, List<Double>>> aborted = new TreeMap<>(), main = new TreeMap<>();
        for (RawScore r : raw) {
            if (r.metric().equals(Metrics.ABORTED))
                aborted.computeIfAbsent(r.model(), k -> new TreeMap<>()).computeIfAbsent(r.game(), k -> new ArrayList<>()).add(r.value());
            if (r.metric().equals(Metrics.MAIN_SCORE))
                main.computeIfAbsent(r.model(), k -> new TreeMap<>()).computeIfAbsent(r.game(), k -> new ArrayList<>()).add(r.value());
        }
        List<ModelResult> out = new ArrayList<>();
        for (String model : new TreeSet<>(aborted.keySet())) {
            Map<String, GameResult> games = new TreeMap<>();
            aborted.get(model).forEach((game, ab) -> games.put(game,
                    gameResult(ab, main.getOrDefault(model, Map.of()).getOrDefault(game, List.of()))));
            out.add(modelResult(model, games));
        }
        return out;
    }

    /** A float as pandas writes it (Python's repr); empty for NaN (a missing value). */
    static String num(double v) { return Double.isNaN(v) ? "" : PyText.floatRepr(v); }

    /** Writes raw.csv atomically (a stopped evaluation leaves the old table or the new one). */
    public static void writeRaw(Path file, List<RawScore> raw) {
        OutputFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp)) {
                w.write(",game,model,experiment,episode,metric,value\n");
                int i = 0;
                for (RawScore r : raw)
                    w.write(i++ + "," + csv(r.game()) + "," + csv(r.model()) + "," + csv(r.experiment()) + ",episode_"
                            + r.episode() + "," + csv(r.metric()) + "," + num(r.value()) + "\n");
            }
        });
    }

    /** Writes results.csv atomically. */
    public static void writeResults(Path file, List<ModelResult> results) {
        TreeSet<String> games = new TreeSet<>();
        results.forEach(r -> games.addAll(r.games().keySet()));
        OutputFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp)) {
                StringBuilder h = new StringBuilder(",\"-, clemscore\",\"all, Average % Played\",\"all, Average Quality Score\"");
                for (String g : games)
                    h.append(",\"").append(g).append(", % Played\",\"").append(g).append(", Quality Score\",\"")
                            .append(g).append(", Quality Score (std)\"");
                w.write(h + "\n");
                for (ModelResult r : results) {
                    StringBuilder line = new StringBuilder(csv(r.model()));
                    line.append(',').append(num(r.clemscore())).append(',').append(num(r.avgPlayed())).append(',').append(num(r.avgQuality()));
                    for (String g : games) {
                        GameResult gr = r.games().get(g);
                        if (gr == null) line.append(",,,");
                        else line.append(',').append(num(gr.played())).append(',').append(num(gr.quality())).append(',').append(num(gr.qualityStd()));
                    }
                    w.write(line + "\n");
                }
            }
        });
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
