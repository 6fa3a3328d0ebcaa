package dev.lightbulb.games;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging results folders: shards in separate folders merge into what one unsharded run writes; copies that differ are refused. */
public class ResultsMergeTest {

    static BenchmarkRunner.Summary run(Path out, RunInfo info, Shard shard) throws InterruptedException {
        return HashingPlayer.run(out, info, shard);
    }

    /** Every file under root, relative, with /. */
    public static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return new TreeSet<>(s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList());
        }
    }

    /**
     * The two trees hold the same files: each JSON file the same record timestamps aside, each table (CSV) the same
     * bytes; the transcripts and browser pages are made from the records.
     */
    public static void assertSameRecords(Path expected, Path actual) throws IOException {
        assertEquals(files(expected), files(actual));
        for (String f : files(expected)) {
            if (f.endsWith(".json")) {
                boolean manifest = f.endsWith(RunFolder.MANIFEST);
                assertNull(RecordCopies.firstDifference(Json.read(expected.resolve(f)), Json.read(actual.resolve(f)), manifest), f);
            } else if (f.endsWith(".csv")) {
                assertEquals(Files.readString(expected.resolve(f)), Files.readString(actual.resolve(f)), f);
            }
        }
    }

    @Test
    void threeShardFoldersMergeIntoTheUnshardedRun(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        int all = run(whole, HashingPlayer.INFO, null).played();
        List<Path> shards = new ArrayList<>();
        int played = 0;
        for (int k = 1; k <= 3; k++) {
            shards.add(tmp.resolve("shard-" + k));
            played += run(shards.getLast(), HashingPlayer.INFO, new Shard(k, 3)).played();
        }
        assertEquals(all, played);
        ResultsMerge.Plan plan = ResultsMerge.plan(shards);
        assertEquals(all, plan.episodes().size());
        assertTrue(plan.missing().isEmpty() && plan.unfinished().isEmpty());
        Path merged = tmp.resolve("merged");
        ResultsMerge.write(plan, merged, staged -> {});
        assertSameRecords(whole, merged);
        // no staging folder is left beside the result
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(Set.of("whole", "shard-1", "shard-2", "shard-3", "merged"), new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()));
        }
        // identical copies (the whole run and a shard, timestamps and latencies apart) merge once
        Path again = tmp.resolve("again");
        ResultsMerge.write(ResultsMerge.plan(List.of(shards.get(1), whole, shards.get(0))), again, staged -> {});
        assertSameRecords(whole, again);
    }

    @Test
    void copiesThatDifferAreRefusedNamingBothAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        run(a, HashingPlayer.INFO, null);
        run(b, HashingPlayer.INFO, null);
        Path scores = EpisodeDir.findAll(b).get(3).dir().resolve("scores.json");
        ObjectNode s = (ObjectNode) Json.read(scores);
        ((ObjectNode) s.get("episode scores")).put(Metrics.MAIN_SCORE, 42.0);
        Json.write(scores, s);
        LightbulbException e = assertThrows(LightbulbException.class, () -> ResultsMerge.plan(List.of(a, b)));
        assertTrue(e.getMessage().contains(scores.getParent().toString()) && e.getMessage().contains(a.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("scores.json at /episode scores/Main Score: '") && e.getMessage().contains("'42.0'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // an episode a copy lacks a file of differs too
        Files.delete(scores);
        e = assertThrows(LightbulbException.class, () -> ResultsMerge.plan(List.of(a, b)));
        assertTrue(e.getMessage().contains("files [instance.json, interactions.json, requests.json, scores.json] vs [instance.json, interactions.json, requests.json]"), e.getMessage());
    }

    @Test
    void foldersOfDifferentRunsAreRefused(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        run(a, HashingPlayer.INFO, new Shard(1, 2));
        RunInfo other = new RunInfo("hashing-bot", "elsewhere/hashing.gguf", "beef", null, null, null, "F32", "cpu", "cpu-f32", "chatml", Map.of("top_k", 2));
        run(b, other, new Shard(2, 2));
        LightbulbException e = assertThrows(LightbulbException.class, () -> ResultsMerge.plan(List.of(a, b)));
        assertTrue(e.getMessage().contains(RunFolder.MANIFEST + " at /sampling/top_k: '1' vs '2'"), e.getMessage());
        // where the model file lay (each machine of a cluster has its own path) is no difference
        Path c = tmp.resolve("c");
        run(c, new RunInfo("hashing-bot", "elsewhere/hashing.gguf", "beef", null, null, null, "F32", "cpu", "cpu-f32", "chatml", Map.of("top_k", 1)), new Shard(2, 2));
        assertEquals(0, ResultsMerge.plan(List.of(a, c)).missing().size());
    }

    @Test
    void missingAndCutOffEpisodesAreReported(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        run(a, HashingPlayer.INFO, new Shard(1, 3));
        run(b, HashingPlayer.INFO, new Shard(2, 3));
        run(c, HashingPlayer.INFO, new Shard(3, 3));
        Set<String> third = new TreeSet<>(ResultsMerge.plan(List.of(c)).episodes().keySet());
        Path cut = EpisodeDir.findAll(a).getFirst().dir();
        Files.delete(cut.resolve("interactions.json"));
        ResultsMerge.Plan plan = ResultsMerge.plan(List.of(a, b));
        Set<String> expected = new TreeSet<>(third);
        expected.add(a.relativize(cut).toString());
        assertEquals(expected, plan.missing());
        assertEquals(List.of(cut), plan.unfinished());
        assertFalse(plan.episodes().containsKey(a.relativize(cut).toString()));
        // the cut-off episode in a is no gap where another folder holds it finished
        Path whole = tmp.resolve("whole");
        run(whole, HashingPlayer.INFO, null);
        plan = ResultsMerge.plan(List.of(a, b, whole));
        assertTrue(plan.missing().isEmpty() && plan.unfinished().isEmpty());
    }

    @Test
    void neverOverwritesAndNeverWritesIntoAnInput(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        run(a, HashingPlayer.INFO, new Shard(1, 2));
        ResultsMerge.Plan plan = ResultsMerge.plan(List.of(a));
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        LightbulbException e = assertThrows(LightbulbException.class, () -> ResultsMerge.write(plan, existing, staged -> {}));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(Set.of("keep.txt"), files(existing));
        e = assertThrows(LightbulbException.class, () -> ResultsMerge.write(plan, a.resolve("merged"), staged -> {}));
        assertTrue(e.getMessage().contains("lies inside the folder"), e.getMessage());
        // a failure while finishing leaves neither the result nor the staging folder
        Path out = tmp.resolve("out");
        assertThrows(LightbulbException.class, () -> ResultsMerge.write(plan, out, staged -> { throw new LightbulbException("boom"); }));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(Set.of("a", "existing"), new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()));
        }
        e = assertThrows(LightbulbException.class, () -> ResultsMerge.plan(List.of(a, tmp.resolve("a/../a"))));
        assertTrue(e.getMessage().endsWith("named twice"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> ResultsMerge.plan(List.of(tmp.resolve("nope"))));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    }
}
