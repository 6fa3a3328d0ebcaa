package dev.lightbulb.games.browse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.PairedBootstrap;
import dev.lightbulb.games.Evaluator;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.transcript.EpisodeFolder;
import dev.lightbulb.games.transcript.Transcript;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two runs of the same instances compared (another quantisation, sampling setting, adapter or model): their episodes
 * paired by game, experiment and episode number, where the outcomes differ, and per game the difference of the
 * scores (b − a) with a seeded paired bootstrap interval. An episode's score is what it adds to its game's clemscore
 * term: its Main Score if played to the end, 0 if aborted; a game's mean of it is % played / 100 × quality, so the
 * mean over games of the differences is the clemscore's difference. Episodes without scores (failed, unscored) are
 * paired and shown but left out of the scores, as clembench leaves them out.
 */
public record RunComparison(Run a, Run b, List<Pair> pairs, List<EpisodeRow> onlyA, List<EpisodeRow> onlyB,
                            List<GameDifference> games, PairedBootstrap.Interval clemscore) {

    /** One run: its folder, the name pages give it, its episodes. */
    public record Run(Path root, String name, List<EpisodeRow> episodes) {}

    /** The same instance in both runs. */
    public record Pair(EpisodeRow a, EpisodeRow b) {
        public EpisodeFolder episode() { return a.episode(); }

        public boolean outcomeDiffers() { return a.outcome() != b.outcome(); }

        /** Outcome or Main Score differ (NaN equals NaN). */
        public boolean differs() {
            return outcomeDiffers() || Double.compare(a.mainScore(), b.mainScore()) != 0;
        }

        /** The two dialogues differ: another message, speaker or action somewhere. */
        public boolean dialogueDiffers() { return !a.transcript().events().equals(b.transcript().events()); }

        /** Both runs scored it. */
        public boolean scored() { return !Double.isNaN(score(a)) && !Double.isNaN(score(b)); }
    }

    /** A game's paired statistics over the pairs both runs scored; score is null where there is none. */
    public record GameDifference(String game, int pairs, int scoredPairs, int outcomeChanges, Evaluator.GameResult resultA,
                                 Evaluator.GameResult resultB, PairedBootstrap.Interval score) {}

    /** Settings of the paired bootstrap. */
    public record Bootstrap(int resamples, long seed, double level) {
        public static final Bootstrap DEFAULT = new Bootstrap(10_000, 1, 0.95);
    }

    /** The episode's contribution to its game's clemscore term: Main Score, 0 if aborted, NaN without scores. */
    public static double score(EpisodeRow r) {
        if (r.scores() == null) return Double.NaN;
        if (r.score(Metrics.ABORTED) == 1) return 0;
        return r.mainScore();
    }

    public static RunComparison of(Path rootA, Path rootB, Bootstrap settings) {
        Run a = read(rootA), b = read(rootB);
        if (a.name().equals(b.name())) {
            a = new Run(a.root(), "A: " + a.name(), a.episodes());
            b = new Run(b.root(), "B: " + b.name(), b.episodes());
        }
        Map<String, EpisodeRow> byKeyB = byInstance(b);
        Map<String, EpisodeRow> byKeyA = byInstance(a);
        List<Pair> pairs = new ArrayList<>();
        List<EpisodeRow> onlyA = new ArrayList<>(), onlyB = new ArrayList<>();
        for (EpisodeRow ra : a.episodes()) {
            EpisodeRow rb = byKeyB.get(ra.episode().instanceKey());
            if (rb == null) onlyA.add(ra);
            else {
                checkSameInstance(ra.episode(), rb.episode());
                pairs.add(new Pair(ra, rb));
            }
        }
        for (EpisodeRow rb : b.episodes()) if (!byKeyA.containsKey(rb.episode().instanceKey())) onlyB.add(rb);
        if (pairs.isEmpty())
            throw new LightbulbException(rootA + " and " + rootB + ": no episode of the same game, experiment and number in both");

        Map<String, List<Pair>> byGame = new TreeMap<>();
        for (Pair p : pairs) byGame.computeIfAbsent(p.episode().game(), g -> new ArrayList<>()).add(p);
        List<GameDifference> games = new ArrayList<>();
        List<PairedBootstrap.Paired> strata = new ArrayList<>();
        int g = 0;
        for (Map.Entry<String, List<Pair>> e : byGame.entrySet()) {
            List<Pair> scored = e.getValue().stream().filter(Pair::scored).toList();
            int changes = (int) e.getValue().stream().filter(Pair::outcomeDiffers).count();
            PairedBootstrap.Interval ci = null;
            if (!scored.isEmpty()) {
                PairedBootstrap.Paired p = new PairedBootstrap.Paired(
                        scored.stream().mapToDouble(x -> score(x.a())).toArray(), scored.stream().mapToDouble(x -> score(x.b())).toArray());
                strata.add(p);
                // each game its own stream of the seed, so adding a game does not move another's interval
                ci = PairedBootstrap.meanDifference(p, settings.resamples(), settings.seed() + 7919L * g, settings.level());
            }
            games.add(new GameDifference(e.getKey(), e.getValue().size(), scored.size(), changes,
                    result(scored.stream().map(Pair::a).toList()), result(scored.stream().map(Pair::b).toList()), ci));
            g++;
        }
        PairedBootstrap.Interval clemscore = strata.isEmpty() ? null
                : PairedBootstrap.stratified(strata, settings.resamples(), settings.seed(), settings.level());
        return new RunComparison(a, b, pairs, onlyA, onlyB, games, clemscore);
    }

    /** % played and quality over these episodes, as {@code eval} computes them for a game. */
    private static Evaluator.GameResult result(List<EpisodeRow> rows) {
        return Evaluator.gameResult(rows.stream().map(r -> r.score(Metrics.ABORTED)).toList(),
                rows.stream().map(EpisodeRow::mainScore).toList());
    }

    private static Run read(Path root) {
        List<EpisodeRow> rows = new ArrayList<>();
        for (EpisodeFolder e : EpisodeFolder.findAll(root)) rows.add(EpisodeRow.read(Transcript.read(e)));
        if (rows.isEmpty()) throw new LightbulbException(root + ": no episode folder with an interactions.json");
        TreeSet<String> models = new TreeSet<>();
        rows.forEach(r -> models.add(r.episode().model()));
        String name = models.size() == 1 ? models.first() : String.valueOf(root.toAbsolutePath().normalize().getFileName());
        return new Run(root, name, rows);
    }

    /** The run's episodes by instance; two of the same instance mean the folder holds more than one run. */
    private static Map<String, EpisodeRow> byInstance(Run run) {
        Map<String, EpisodeRow> m = new LinkedHashMap<>();
        for (EpisodeRow r : run.episodes()) {
            EpisodeRow before = m.put(r.episode().instanceKey(), r);
            if (before != null)
                throw new LightbulbException(run.root() + ": holds more than one run of " + r.episode().instanceKey() + " ("
                        + before.episode().dir() + " and " + r.episode().dir() + "); pass one model folder");
        }
        return m;
    }

    /** Where both episodes kept their instance.json, they must be the same instance. */
    private static void checkSameInstance(EpisodeFolder a, EpisodeFolder b) {
        Path ia = a.dir().resolve("instance.json"), ib = b.dir().resolve("instance.json");
        if (!Files.isRegularFile(ia) || !Files.isRegularFile(ib)) return;
        JsonNode na = Json.read(ia), nb = Json.read(ib);
        if (!Objects.equals(na, nb))
            throw new LightbulbException(ia + " and " + ib + ": the two runs played different instances under the same name");
    }
}
