package dev.lightbulb.games;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken record never becomes a result: `score` names each broken interactions.json with the reason and
 * leaves it unscored, `eval` names each broken episode and builds its tables from the others.
 */
class BrokenRecordsTest {
    /** What a damaged interactions.json may hold, and the reason `score` must give. */
    static final Map<String, String> DAMAGE = Map.of(
            "", "empty file",
            "{\"players\": {\"GM\": \"x\"}, \"turns\": [[{\"from\": \"GM\", \"to\"", "not valid JSON",
            "{}", "no 'players' object",
            "[1, 2]", "a JSON array",
            "{\"players\": {}, \"turns\": \"none\"}", "no 'turns' list",
            "{\"players\": {}, \"turns\": []}", "no turns recorded",
            "{\"players\": {}, \"turns\": [[{\"from\": \"GM\", \"to\": \"GM\"}]]}", "turns[0][0] has no action type");

    /** Six referencegame episodes written by the runner, then one damaged per entry of DAMAGE (in episode_1..). */
    static Path folderWithDamage(Path tmp) throws Exception {
        new BenchmarkRunner(tmp, BenchmarkRunnerTest.INFO, () -> BenchmarkRunnerTest.answering("nonsense"))
                .limitInstances(DAMAGE.size() + 1).run(List.of(Games.byName("referencegame")));
        Path exp = tmp.resolve(BenchmarkRunnerTest.INFO.pairFolder()).resolve("referencegame/0_line_grids_rows");
        int i = 1;
        for (String content : DAMAGE.keySet()) {
            Path ep = exp.resolve("episode_" + i++);
            Files.writeString(ep.resolve("interactions.json"), content);
            Files.delete(ep.resolve("scores.json"));
        }
        return exp;
    }

    @Test
    void scoreReportsEveryBrokenRecordAndScoresTheRest(@TempDir Path tmp) throws Exception {
        Path exp = folderWithDamage(tmp);
        String[] r = GamesCliTest.execute(2, "score", tmp.toString());
        int i = 1;
        for (String reason : DAMAGE.values()) {
            Path file = exp.resolve("episode_" + i++).resolve("interactions.json");
            assertTrue(r[1].lines().anyMatch(l -> l.contains(file.toString()) && l.contains(reason)), reason + ":\n" + r[1]);
            assertFalse(Files.exists(file.resolveSibling("scores.json")), "no result from " + file);
        }
        assertTrue(Files.exists(exp.resolve("episode_0/scores.json")));
        assertTrue(r[0].contains("scored " + (6 * (DAMAGE.size() + 1) - DAMAGE.size())), r[0]);
    }

    @Test
    void evalNamesBrokenEpisodesAndTabulatesTheOthers(@TempDir Path tmp) throws Exception {
        Path exp = folderWithDamage(tmp);
        // a damaged scores.json beside a sound interactions.json is broken too
        Path badScores = exp.resolve("episode_0/scores.json");
        Files.writeString(badScores, "{\"turn scores\": {}, \"episode scores\": {\"Aborted\": \"yes\", \"Main Score\": 0}}");
        String[] r = GamesCliTest.execute(2, "eval", tmp.toString());
        assertEquals(DAMAGE.size() + 1, r[1].lines().filter(l -> l.startsWith("lightbulb: broken episode")).count(), r[1]);
        assertTrue(r[1].contains(badScores + ": episode score 'Aborted' is not a number"), r[1]);
        assertTrue(r[0].contains(DAMAGE.size() + 1 + " broken"), r[0]);
        String raw = Files.readString(tmp.resolve("raw.csv"));
        assertFalse(raw.contains("0_line_grids_rows,episode_0,"), "the broken episodes are not in raw.csv");
        assertTrue(raw.contains("1_line_grids_columns,episode_0,"), raw.lines().limit(3).toList().toString());
    }
}
