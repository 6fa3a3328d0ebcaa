package dev.lightbulb.cli;

import dev.lightbulb.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate --prompts --shard K/N: the N shards' output files together hold exactly the lines of one unsharded run. */
class GenerateShardTest {

    private static CliRun.Result generate(Path in, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--prompts", in.toString(), "--out", out.toString(), "--backend", "cpu", "--concurrency", "4"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    /** The lines of a results file, sorted (they are written in the order requests finish). */
    private static List<String> sortedLines(Path... files) throws Exception {
        List<String> all = new ArrayList<>();
        for (Path f : files) all.addAll(Files.readAllLines(f));
        return all.stream().sorted().toList();
    }

    @Test
    void shardsConcatenatedEqualTheUnshardedOutput(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in.jsonl");
        // prompts, chats, greedy and seeded sampling, different lengths: 11 lines of unequal cost
        String lines = IntStream.range(0, 11).mapToObj(i -> i % 3 == 2
                ? "{\"id\": \"c" + i + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Tell me about day " + i + "\"}], \"max_tokens\": " + (4 + i) + "}"
                : "{\"id\": \"p" + i + "\", \"prompt\": \"Once upon a time there were " + i + " cats\", \"max_tokens\": " + (2 + 3 * i)
                        + (i % 2 == 1 ? ", \"temperature\": 0.9, \"seed\": " + i : "") + "}").collect(Collectors.joining("\n"));
        Files.writeString(in, lines + "\n");
        Path whole = tmp.resolve("whole.jsonl");
        assertEquals(0, generate(in, whole).code());
        List<Path> shards = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int k = 1; k <= 3; k++) {
            Path out = tmp.resolve("shard-" + k + ".jsonl");
            CliRun.Result r = generate(in, out, "--shard", k + "/3");
            assertEquals(0, r.code(), r.err());
            for (String l : Files.readAllLines(out)) assertTrue(ids.add(GenerateBatchCommandTest.JSON.readTree(l).get("id").asText()), "in two shards: " + l);
            assertTrue(Files.readAllLines(out).size() >= 2, "balanced shards: " + out);
            shards.add(out);
        }
        assertEquals(11, ids.size());
        assertEquals(sortedLines(whole), sortedLines(shards.toArray(Path[]::new)));
        // a shard run again into its file finds everything done
        Path second = shards.get(1);
        List<String> before = Files.readAllLines(second);
        assertEquals(0, generate(in, second, "--shard", "2/3").code());
        assertEquals(before, Files.readAllLines(second));
    }

    @Test
    void badShardsAreOneClearErrorAndWriteNothing(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in.jsonl"), out = tmp.resolve("out.jsonl");
        Files.writeString(in, "{\"id\": \"a\", \"prompt\": \"Hi\"}\n");
        for (String bad : List.of("0/3", "4/3", "x")) {
            CliRun.Result r = generate(in, out, "--shard", bad);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("lightbulb: --shard must be K/N"), r.err());
            assertTrue(Files.notExists(out));
        }
        CliRun.Result r = CliRun.run("generate", "--prompt", "Hi", "--shard", "1/2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--shard does not apply to --prompt"), r.err());
    }
}
