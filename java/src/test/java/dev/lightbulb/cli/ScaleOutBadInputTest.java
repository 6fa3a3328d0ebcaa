package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.CliRun;
import dev.lightbulb.games.EpisodeDir;
import dev.lightbulb.games.HashingPlayer;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the sharded commands: one clear line each, exit code 2, and nothing written or overwritten. */
class ScaleOutBadInputTest {

    /** Exit code 2 and exactly one line on stderr, "lightbulb: " and the message, which contains {@code expected}. */
    private static void assertOneLine(CliRun.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("lightbulb: ") && r.err().contains(expected), r.err());
    }

    /** Every file under root with its bytes. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) m.put(root.relativize(p).toString(), Files.readString(p));
        }
        return m;
    }

    @Test
    void badShardsWriteNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("results");
        for (String bad : new String[]{"0/3", "4/3", "x"}) {
            assertOneLine(CliRun.run("run", "--out", out.toString(), "--backend", "cpu", "--shard", bad), "--shard must be K/N");
            assertTrue(Files.notExists(out), bad);
        }
    }

    @Test
    void aShardIntoTheFolderOfAnotherRunIsRefusedAndChangesNothing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        // another run of a model named like the bundled one (so the same folder), with another file and settings
        HashingPlayer.run(out, new RunInfo("stories260K", "other.gguf", "beef", null, null, null, "F32", "cpu", "cpu-f32", "chatml", Map.of()), null);
        Map<String, String> before = snapshot(out);
        CliRun.Result r = CliRun.run("run", "--out", out.toString(), "--backend", "cpu", "--limit-instances", "1", "--shard", "2/3");
        assertOneLine(r, "made with other settings (model_sha256 beef there, ");
        assertEquals(before, snapshot(out));
    }

    @Test
    void mergeOfConflictingFoldersIsRefusedAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), out = tmp.resolve("merged");
        HashingPlayer.run(a, HashingPlayer.INFO, null);
        HashingPlayer.run(b, HashingPlayer.INFO, null);
        Path interactions = EpisodeDir.findAll(b).getFirst().dir().resolve("interactions.json");
        ObjectNode changed = (ObjectNode) Json.read(interactions);
        changed.put("note", "edited by hand");
        Json.write(interactions, changed);
        assertOneLine(CliRun.run("merge", a.toString(), b.toString(), "--out", out.toString()), "are two copies of one record that differ (interactions.json at /note");
        assertTrue(Files.notExists(out));
        assertOneLine(CliRun.run("eval", a.toString(), b.toString()), "are two copies of one record that differ");

        // a folder holding both copies (as the shard folders and their merge under one folder) would count them twice
        assertOneLine(CliRun.run("eval", tmp.toString()), "are the same episode of the same model");
        assertTrue(Files.notExists(tmp.resolve("results.csv")));

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("mine.txt"), "keep");
        assertOneLine(CliRun.run("merge", a.toString(), "--out", existing.toString()), "already exists: merge writes a new folder and never overwrites one");
        assertEquals(Map.of("mine.txt", "keep"), snapshot(existing));
        assertOneLine(CliRun.run("merge", "--out", out.toString()), "give the results folders to join");
        assertOneLine(CliRun.run("merge", a.toString(), "--lora", "x.gguf", "--out", out.toString()), "takes no results folders");
        assertOneLine(CliRun.run("merge", a.toString(), "--model", "m.gguf", "--out", out.toString()), "--model applies to merge --lora only");
        assertTrue(Files.notExists(out));
    }
}
