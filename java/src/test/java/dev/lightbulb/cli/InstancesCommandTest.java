package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.CliRun;
import dev.lightbulb.games.GameInstances;
import dev.lightbulb.games.Games;
import dev.lightbulb.games.InstanceOverlap;
import dev.lightbulb.games.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lightbulb instances} and {@code run --instances}, as a user runs them. */
class InstancesCommandTest {
    static void assertUserError(CliRun.Result r, String part) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("lightbulb: ") && r.err().contains(part), r.err());
    }

    @Test
    void writesReportsAndRefusesToReplaceOtherInstances(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("train");
        CliRun.Result r = CliRun.run("instances", "taboo", "--seed", "3", "--n", "9", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Path file = out.resolve("taboo/instances.json");
        assertEquals("taboo: 9 instances (high_en 3, medium_en 3, low_en 3), seed 3; no target shared with the 60 evaluation targets -> "
                + file + "\n", r.out());
        assertEquals(List.of(), InstanceOverlap.check("taboo", GameInstances.read(file), GameInstances.bundled("taboo")));
        assertEquals(0, CliRun.run("instances", "taboo", "--seed", "3", "--n", "9", "--out", out.toString()).code(), "the same again");
        byte[] before = Files.readAllBytes(file);
        assertUserError(CliRun.run("instances", "taboo", "--seed", "4", "--n", "9", "--out", out.toString()), "exists with other instances");
        assertEquals(new String(before), Files.readString(file), "nothing was replaced");
        assertEquals(0, CliRun.run("instances", "taboo", "--seed", "4", "--n", "9", "--out", out.toString(), "--overwrite").code());

        CliRun.Result check = CliRun.run("instances", "--check", out.toString());
        assertEquals(0, check.code(), check.err());
        assertEquals("taboo: 9 instances, 0 sharing a target with the evaluation set\n", check.out());
    }

    @Test
    void theEvaluationSetItselfFailsTheCheck(@TempDir Path tmp) {
        Path dir = tmp.resolve("copy");
        Json.write(dir.resolve("wordle/instances.json"), GameInstances.bundled("wordle").root());
        CliRun.Result r = CliRun.run("instances", "--check", dir.toString());
        assertUserError(r, "30 instances share their target with the evaluation set");
        assertTrue(r.out().startsWith("wordle: 30 instances, 30 sharing a target with the evaluation set: 'start' (high_frequency_words_no_clue_no_critic instance 0;"), r.out());
        // one file that does not say its game needs it named
        assertUserError(CliRun.run("instances", "--check", dir.resolve("wordle/instances.json").toString()), "does not say which game");
        CliRun.Result named = CliRun.run("instances", "wordle", "--check", dir.resolve("wordle/instances.json").toString());
        assertUserError(named, "30 instances share their target");
        assertTrue(named.out().startsWith("wordle: 30 instances, 30 sharing"), named.out());
    }

    @Test
    void allGamesAtOnce(@TempDir Path tmp) {
        CliRun.Result r = CliRun.run("instances", "all", "--n", "7", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        for (var g : Games.ALL) assertTrue(Files.exists(tmp.resolve(g.name()).resolve("instances.json")), g.name());
        assertEquals(7, r.out().lines().count());
        assertEquals(0, CliRun.run("instances", "--check", tmp.toString()).code());
    }

    @Test
    void badInputIsOneLineAndExitCode2(@TempDir Path tmp) {
        String out = tmp.toString();
        assertUserError(CliRun.run("instances", "chess", "--n", "3", "--out", out), "unknown game 'chess'");
        assertUserError(CliRun.run("instances", "taboo", "--n", "0", "--out", out), "--n must be >= 1, got 0");
        assertUserError(CliRun.run("instances", "taboo", "--n", "-5", "--out", out), "--n must be >= 1, got -5");
        assertUserError(CliRun.run("instances", "taboo", "--n", "100000", "--out", out), "is more than the");
        assertUserError(CliRun.run("instances", "wordle_withclue", "--n", "1000", "--out", out), "is more than the 194 new instances");
        assertUserError(CliRun.run("instances", "taboo", "--out", out), "--n");
        assertUserError(CliRun.run("instances", "taboo", "--n", "3"), "--out");
        assertUserError(CliRun.run("instances", "--check", tmp.resolve("none").toString()), "no such file");
        assertUserError(CliRun.run("instances", "--check", out), "holds no <game>/instances.json");
        assertEquals(List.of(), listing(tmp), "nothing was written");
    }

    private static List<Path> listing(Path dir) {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** run --instances plays the generated instances with a real model and records which set it played. */
    @Test
    void runPlaysGeneratedInstances(@TempDir Path tmp) throws Exception {
        Path set = tmp.resolve("train");
        assertEquals(0, CliRun.run("instances", "taboo", "--seed", "5", "--n", "3", "--out", set.toString()).code());
        Path out = tmp.resolve("results");
        String[] args = {"run", "--instances", set.toString(), "--out", out.toString(), "--max-tokens", "2", "--context", "2048",
                "--backend", "cpu", "--concurrency", "8"};
        CliRun.Result first = CliRun.run(args);
        assertEquals(0, first.code(), first.err());
        assertFalse(first.out().contains("note:"), "a generated set shares nothing with the evaluation set");
        List<Path> episodes = RunCommandTest.files(out, "interactions.json");
        assertEquals(3, episodes.size(), "the set's three taboo instances, no other game");
        String sha = dev.lightbulb.InputFiles.sha256("x", set.resolve("taboo/instances.json"));
        for (Path p : episodes) {
            JsonNode run = Json.read(p).get("lightbulb run");
            assertEquals(set.toString(), run.get("instances").asText());
            String expected = dev.lightbulb.games.InstanceSet.read(set, null).sha256();
            assertEquals(expected, run.get("instances_sha256").asText());
            String target = Json.read(p.resolveSibling("instance.json")).get("target_word").asText();
            assertTrue(GameInstances.read(set.resolve("taboo/instances.json")).root().toString().contains("\"" + target + "\""));
        }
        assertTrue(!sha.isEmpty());
        assertUserError(CliRun.run("run", "--instances", set.toString(), "--games", "wordle", "--out", out.toString()), "has no instances of wordle");
        assertUserError(CliRun.run("run", "--instances", tmp.resolve("none.json").toString(), "--out", out.toString()), "no such file");
        // a set that shares evaluation targets may be played, with a note (before the model is even opened)
        Path copy = tmp.resolve("copy");
        Json.write(copy.resolve("taboo/instances.json"), GameInstances.bundled("taboo").root());
        CliRun.Result noted = CliRun.run("run", "--instances", copy.toString(), "--model", tmp.resolve("none.gguf").toString(), "--out", out.toString());
        assertTrue(noted.out().startsWith("note: 60 taboo instances of " + copy + " share their target with the bundled evaluation instances"), noted.out());
    }
}
