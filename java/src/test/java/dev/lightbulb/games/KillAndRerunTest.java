package dev.lightbulb.games;

import dev.lightbulb.text.chat.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard killed mid-run loses at most the episodes it was playing: the rerun plays exactly those (and any episode
 * cut off while being written), and the folder then holds what one unsharded run writes.
 */
class KillAndRerunTest {

    /** What the JVM dying does to the episodes in flight: every model call from now on ends the thread, nothing is caught. */
    static final class Killed extends Error {
        Killed() { super("killed", null, false, false); }
    }

    /** A player that works for the first {@code calls} calls of all its seats together, then the process is gone. */
    static ChatModel dyingAfter(AtomicInteger calls) {
        HashingPlayer player = new HashingPlayer();
        return new ChatModel() {
            @Override public String name() { return player.name(); }

            @Override public Reply respond(List<ChatMessage> messages) {
                if (calls.decrementAndGet() < 0) throw new Killed();
                return player.respond(messages);
            }
        };
    }

    @Test
    void rerunOfAKilledShardPlaysOnlyWhatWasInFlight(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole"), shared = tmp.resolve("shared");
        int all = HashingPlayer.run(whole, HashingPlayer.INFO, null).played();
        int others = HashingPlayer.run(shared, HashingPlayer.INFO, new Shard(1, 3)).played()
                + HashingPlayer.run(shared, HashingPlayer.INFO, new Shard(3, 3)).played();
        int mine = all - others;

        // the shard makes `total` model calls when it runs through; it dies after half of them
        AtomicInteger counted = new AtomicInteger(Integer.MAX_VALUE);
        new BenchmarkRunner(tmp.resolve("count"), HashingPlayer.INFO, () -> dyingAfter(counted)).limitInstances(2).shard(new Shard(2, 3))
                .run(HashingPlayer.GAMES);
        int total = Integer.MAX_VALUE - counted.get();
        AtomicInteger calls = new AtomicInteger(total / 2);
        BenchmarkRunner killed = new BenchmarkRunner(shared, HashingPlayer.INFO, () -> dyingAfter(calls)).limitInstances(2).shard(new Shard(2, 3));
        BenchmarkRunner.Summary k = killed.run(HashingPlayer.GAMES);
        List<EpisodeDir> written = EpisodeDir.findAll(shared);
        int kept = written.size() - others;
        assertEquals(kept, k.played());
        assertTrue(kept < mine, "the kill stopped the shard: " + kept + " of " + mine + " written");
        // the kill is no failure of the episodes: none is recorded as failed (a rerun would skip it)
        for (EpisodeDir ep : written) assertNull(ep.failure(), ep.dir().toString());

        // one episode was being written when the process died: its other files are there, interactions.json is not
        Set<String> done = new TreeSet<>();
        written.forEach(ep -> done.add(shared.relativize(ep.dir()).toString()));
        String cut = EpisodeDir.findAll(whole).stream().map(ep -> whole.relativize(ep.dir()).toString())
                .filter(e -> !done.contains(e)).findFirst().orElseThrow();
        Files.createDirectories(shared.resolve(cut));
        Files.writeString(shared.resolve(cut).resolve("scores.json"), "{\"half\": ");
        Files.writeString(shared.resolve(cut).resolve("requests.json"), "[]");

        BenchmarkRunner.Summary rerun = HashingPlayer.run(shared, HashingPlayer.INFO, new Shard(2, 3));
        assertEquals(new BenchmarkRunner.Summary(mine - kept, kept, 0), rerun);
        ResultsMergeTest.assertSameRecords(whole, shared);
    }
}
