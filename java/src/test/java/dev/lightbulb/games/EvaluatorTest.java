package dev.lightbulb.games;

import dev.lightbulb.SharedData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    static double parse(String s) { return s.isEmpty() ? Double.NaN : Double.parseDouble(s); }

    /** Every published v1.6 row: its "all" columns and clemscore follow from its per-game columns. */
    @Test
    void aggregatesEveryPublishedRowAsClembench() throws Exception {
        Path csv = SharedData.path("clembench/results/results_main.csv");
        int rows = 0;
        try (Reader r = Files.newBufferedReader(csv)) {
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setAllowMissingColumnNames(true).get().parse(r).getRecords();
            List<String> header = records.getFirst().getParser().getHeaderNames();
            for (CSVRecord rec : records) {
                Map<String, Evaluator.GameResult> games = new TreeMap<>();
                for (String col : header)
                    if (col.endsWith(", % Played") && !col.startsWith("all")) {
                        String g = col.substring(0, col.indexOf(','));
                        if (rec.get(col).isEmpty()) continue; // clembench skips a game with missing % played
                        games.put(g, new Evaluator.GameResult(parse(rec.get(col)), parse(rec.get(g + ", Quality Score")),
                                parse(rec.get(g + ", Quality Score (std)"))));
                    }
                Evaluator.ModelResult m = Evaluator.modelResult(rec.get(0), games);
                assertEquals(parse(rec.get("all, Average % Played")), m.avgPlayed(), 1e-9, rec.get(0) + " % played");
                assertEquals(parse(rec.get("all, Average Quality Score")), m.avgQuality(), 1e-9, rec.get(0) + " quality");
                assertEquals(parse(rec.get("-, clemscore")), m.clemscore(), 1e-9, rec.get(0) + " clemscore");
                rows++;
            }
        }
        assertTrue(rows >= 50, "rows checked: " + rows);
    }

    @Test
    void perGameMeansSkipNaNAndUseSampleStd() {
        Evaluator.GameResult g = Evaluator.gameResult(List.of(0.0, 0.0, 1.0, 0.0),
                List.of(100.0, 50.0, Double.NaN, 0.0));
        assertEquals(75.0, g.played());
        assertEquals(50.0, g.quality());
        assertEquals(50.0, g.qualityStd());
    }

    /**
     * raw.csv as clembench's bencheval.py writes it: the experiment folder ({@code <idx>_<name>}), floats as
     * pandas writes them, and after every logged row one derived Played row (1 − Aborted) per episode.
     */
    @Test
    void rawTableHasClembenchsPlayedRows(@TempDir Path tmp) throws Exception {
        new BenchmarkRunner(tmp, BenchmarkRunnerTest.INFO, () -> BenchmarkRunnerTest.answering("nonsense"))
                .limitInstances(2).run(List.of(Games.byName("referencegame")));
        List<Evaluator.RawScore> raw = Evaluator.collect(tmp).raw();
        Evaluator.writeRaw(tmp.resolve("raw.csv"), raw);
        List<String> lines = Files.readAllLines(tmp.resolve("raw.csv"));
        assertEquals(",game,model,experiment,episode,metric,value", lines.getFirst());
        int episodes = 12, logged = lines.size() - 1 - episodes;
        assertEquals(episodes * 12, logged, "referencegame logs 12 episode scores when Player 1 aborts");
        String pair = BenchmarkRunnerTest.INFO.pairFolder();
        assertEquals(logged + "," + "referencegame," + pair + ",0_line_grids_rows,episode_0,Played,0.0", lines.get(logged + 1));
        assertEquals(lines.size() - 2 + ",referencegame," + pair + ",5_random_grids,episode_1,Played,0.0", lines.getLast());
        assertTrue(lines.contains("0,referencegame," + pair + ",0_line_grids_rows,episode_0,Aborted at Player 1,1.0"), lines.get(1));
        assertEquals(episodes, lines.stream().filter(l -> l.contains(",Played,")).count());
    }

    /** The raw table of the golden episodes (rescored by `score`) and the resulting table rows. */
    @Test
    void evaluatesGoldenEpisodesAfterRescoring(@TempDir Path tmp) throws Exception {
        Path copy = GamesCliTest.copyGolden(tmp);
        for (EpisodeDir ep : EpisodeDir.findAll(copy)) Json.write(ep.dir().resolve("scores.json"), ep.score().toJson());
        List<Evaluator.RawScore> raw = Evaluator.raw(copy);
        List<Evaluator.ModelResult> results = Evaluator.results(raw);
        assertEquals(1, results.size());
        Evaluator.ModelResult m = results.getFirst();
        assertEquals("gpt-4-turbo-2024-04-09", m.model());
        assertEquals(7, m.games().size());
        // referencegame: 3 played, 2 won -> 66.67; imagegame: 1 of 3 aborted -> 66.67 % played
        assertEquals(66.67, m.games().get("referencegame").quality(), 1e-9);
        assertEquals(100.0, m.games().get("referencegame").played(), 1e-9);
        assertEquals(66.67, m.games().get("imagegame").played(), 1e-9);
        assertEquals(10.0, m.games().get("wordle").quality(), 1e-9); // 2 losses, 1 win at 30
        Evaluator.writeRaw(tmp.resolve("raw.csv"), raw);
        Evaluator.writeResults(tmp.resolve("results.csv"), results);
        // clembench's evaluator on these 18 episodes: 18 Played rows after every logged one
        assertEquals(18, raw.stream().filter(r -> r.metric().equals(Evaluator.PLAYED)).count());
        assertTrue(Files.readString(tmp.resolve("results.csv")).startsWith(",\"-, clemscore\",\"all, Average % Played\""));
    }
}
