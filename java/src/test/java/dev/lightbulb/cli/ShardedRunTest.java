package dev.lightbulb.cli;

import dev.lightbulb.CliRun;
import dev.lightbulb.games.ResultsMergeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three shards of a greedy run with the bundled model record exactly what one unsharded run does: two shards played
 * into one shared folder and the third into its own, merged with {@code merge}, give the unsharded run's records
 * (timestamps aside) and its results.csv; {@code eval} over the two folders prints its table.
 */
class ShardedRunTest {
    static final String EXPERIMENTS = "compact_grids,travel-booking,line_grids_rows,high_en,high_frequency_words_no_clue_no_critic,"
            + "high_frequency_words_clue_no_critic,high_frequency_words_clue_with_critic";

    private static CliRun.Result run(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--out", out.toString(), "--limit-instances", "1",
                "--experiments", EXPERIMENTS, "--max-tokens", "6", "--context", "4096", "--backend", "cpu"));
        args.addAll(List.of(extra));
        CliRun.Result r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @Test
    void threeShardsMergedEqualOneRun(@TempDir Path tmp) throws IOException {
        Path whole = tmp.resolve("whole"), shared = tmp.resolve("shared"), third = tmp.resolve("third"), merged = tmp.resolve("merged");
        String table = table(run(whole).out());
        run(shared, "--shard", "1/3");
        run(shared, "--shard", "2/3");
        run(third, "--shard", "3/3");
        CliRun.Result m = CliRun.run("merge", shared.toString(), third.toString(), "--out", merged.toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(m.out().contains("merged 7 episodes from 2 folders"), m.out());
        assertEquals(table, table(m.out()));
        assertEquals(7, episodes(whole));
        ResultsMergeTest.assertSameRecords(whole, merged);
        CliRun.Result e = CliRun.run("eval", shared.toString(), third.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(table, table(e.out()));
    }

    /** The clemscore table a command printed: its header and the model rows. */
    private static String table(String out) {
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("model ")).findFirst().orElseThrow());
        return String.join("\n", lines.subList(header, header + 2));
    }

    private static long episodes(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("episode_")).count();
        }
    }
}
