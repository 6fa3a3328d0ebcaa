package dev.lightbulb.games;

import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTest {
    @Test
    void shardsPartitionEveryListCompletelyDisjointlyAndInOrder() {
        List<Integer> items = IntStream.range(0, 47).boxed().toList();
        for (int n = 1; n <= 6; n++) {
            Set<Integer> seen = new HashSet<>();
            double max = 0, total = 0;
            for (int k = 1; k <= n; k++) {
                List<Integer> mine = new Shard(k, n).select(items, i -> 1 + i % 5);
                assertEquals(mine.stream().sorted().toList(), mine, "a shard keeps the list's order");
                for (int i : mine) assertTrue(seen.add(i), "item " + i + " in two shards of " + n);
                double load = mine.stream().mapToDouble(i -> 1 + i % 5).sum();
                max = Math.max(max, load);
                total += load;
            }
            assertEquals(items.size(), seen.size(), "every item in some shard of " + n);
            assertTrue(max <= total / n * 4 / 3 + 5, "balanced: largest " + max + " of " + total + " over " + n);
            assertEquals(new Shard(1, n).select(items, i -> 1 + i % 5), new Shard(1, n).select(new ArrayList<>(items), i -> 1 + i % 5));
        }
    }

    @Test
    void badShardsAreOneClearError() {
        for (String bad : List.of("0/3", "4/3", "x", "1/0", "2", "1/2/3")) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--shard must be K/N"), e.getMessage());
        }
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        CliRun.Result r = CliRun.run("run", "--out", "unused-folder", "--shard", "4/3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--shard must be K/N with 1 <= K <= N, got 4/3"), r.err());
    }
}
