package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three shards of a greedy run, played one after another into one folder, record exactly what one unsharded run does. */
class ShardedRunTest {
    static final String EXPERIMENTS = "compact_grids,travel-booking,line_grids_rows,high_en,high_frequency_words_no_clue_no_critic,"
            + "high_frequency_words_clue_no_critic,high_frequency_words_clue_with_critic";

    private static String run(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--out", out.toString(), "--limit-instances", "1",
                "--experiments", EXPERIMENTS, "--max-tokens", "6", "--context", "4096", "--backend", "cpu"));
        args.addAll(List.of(extra));
        return GenerateBatchCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void threeShardsMergedEqualOneRun(@TempDir Path tmp) throws IOException {
        Path whole = tmp.resolve("whole"), sharded = tmp.resolve("sharded");
        String r = run(whole);
        assertEquals('0', r.charAt(0), r);
        int played = 0;
        for (int k = 1; k <= 3; k++) {
            r = run(sharded, "--shard", k + "/3");
            assertEquals('0', r.charAt(0), r);
        }
        List<Path> expected = episodes(whole);
        assertEquals(7, expected.size());
        assertEquals(expected.stream().map(whole::relativize).toList(), episodes(sharded).stream().map(sharded::relativize).toList());
        for (Path e : expected) {
            Path twin = sharded.resolve(whole.relativize(e));
            for (String f : List.of("interactions.json", "scores.json", "requests.json")) {
                if (!Files.exists(e.resolve(f))) continue;
                assertEquals(withoutTimes(e.resolve(f)), withoutTimes(twin.resolve(f)), twin.resolve(f).toString());
                played++;
            }
        }
        assertTrue(played >= 14);
        assertEquals(Files.readAllLines(whole.resolve("results.csv")), Files.readAllLines(sharded.resolve("results.csv")));
    }

    private static List<Path> episodes(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("episode_")).sorted().toList();
        }
    }

    /** The JSON without wall-clock fields and the prefix-cache hit count (it depends on what ran before in the process). */
    private static JsonNode withoutTimes(Path file) throws IOException {
        JsonNode n = new ObjectMapper().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature()).readTree(file.toFile());
        strip(n);
        return n;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(List.of("timestamp", "duration", "start", "end", "latency_ms", "call_start", "call_duration", "cached_prompt_tokens"));
            o.properties().forEach(e -> strip(e.getValue()));
        } else if (n.isArray()) {
            n.forEach(ShardedRunTest::strip);
        }
    }
}
