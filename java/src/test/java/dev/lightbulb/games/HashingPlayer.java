package dev.lightbulb.games;

import dev.lightbulb.text.chat.ChatMessage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A deterministic programmatic player for tests of runs, shards and merges: its answer is a pure function of the
 * conversation (one of a few answers in the games' formats, picked by a hash), like a greedy model, so two runs of
 * the same episodes record the same games; each reply also carries a wall-clock latency, which differs between runs
 * as a real model's does.
 */
public final class HashingPlayer implements ChatModel {
    private static final List<String> ANSWERS = List.of("CLUE: a thing you eat", "GUESS: apple", "guess: crane",
            "Answer: first", "Expression: [ ]", "I like turtles.", "DONE", "ANSWER: yes");

    /** Plays {@link #GAMES} (the first two instances of each experiment, or one shard of them) into out. */
    public static BenchmarkRunner.Summary run(Path out, RunInfo info, Shard shard) throws InterruptedException {
        BenchmarkRunner r = new BenchmarkRunner(out, info, HashingPlayer::new).limitInstances(2);
        if (shard != null) r.shard(shard);
        return r.run(GAMES);
    }

    @Override public String name() { return "hashing-bot"; }

    @Override
    public Reply respond(List<ChatMessage> messages) {
        int h = 17;
        for (ChatMessage m : messages) h = 31 * h + (m.role() + "\0" + m.content()).hashCode();
        return new Reply(ANSWERS.get(Math.floorMod(h, ANSWERS.size())), Map.of("latency_ms", System.nanoTime() / 1e6));
    }

    public static final RunInfo INFO = new RunInfo("hashing-bot", "hashing.gguf", "beef", null, null, null, "F32", "cpu", "cpu-f32", "chatml",
            Map.of("top_k", 1));

    /** Games whose episodes are cheap and varied: both of the two-player dialogue kinds. */
    public static final List<Game> GAMES = List.of(Games.byName("taboo"), Games.byName("referencegame"), Games.byName("wordle"));
}
