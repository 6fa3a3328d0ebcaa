package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a model's self-play benchmark: one episode per (game, experiment, instance), each on its own
 * virtual thread, calling {@link ChatModel}s like functions (an engine-backed model parks the
 * thread until its batch produces the reply). Every episode is written the moment it finishes into
 * {@code <results>/<model-pair>/<game>/<idx>_<experiment>/episode_<n>/}; episodes already written
 * are skipped (resume) once the folder is known to hold this run's settings ({@link RunFolder}); an
 * episode whose player throws is written with its error and the run goes on.
 */
public final class BenchmarkRunner {
    /** Key under which every episode's interactions.json records the run's model and sampling metadata. */
    public static final String RUN_KEY = "lightbulb run";
    /** Key recording why an episode failed (the player threw); such an episode has no scores.json. */
    public static final String FAILURE_KEY = "lightbulb failure";

    private final Path results;
    private final RunInfo info;
    private final Players players;
    private int instancesPerExperiment = Integer.MAX_VALUE;
    private Shard shard;
    private InstanceSet instances = InstanceSet.BUNDLED;
    private java.util.Set<String> experiments;
    private Listener listener = (game, scores) -> {};
    private boolean overwriteMismatched;
    private Integer replaced;

    /** Told of every finished episode (on its own thread): its scores, or null if a player failed. */
    public interface Listener {
        void episodeDone(Game game, Scores scores);
    }

    public BenchmarkRunner listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** Replaces episodes the results folder holds from other settings instead of stopping (see {@link RunFolder}). */
    public BenchmarkRunner overwriteMismatched(boolean overwrite) {
        this.overwriteMismatched = overwrite;
        return this;
    }

    /**
     * Makes the model's results folder hold this run's settings ({@link RunFolder#claim}): stops with a
     * LightbulbException if it holds episodes made otherwise, unless told to overwrite them. Called by
     * {@link #run} if not before; returns the number of episodes removed.
     */
    public int claimResults() {
        if (replaced == null) replaced = RunFolder.claim(results.resolve(info.pairFolder()), info, overwriteMismatched);
        return replaced;
    }

    /** Plays only experiments with these names (null: all). */
    public BenchmarkRunner onlyExperiments(java.util.Set<String> names) {
        this.experiments = names;
        return this;
    }

    /** Episodes of each game this runner would play or skip, by game name. */
    public java.util.Map<String, Integer> episodeCounts(List<Game> games) {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (Game g : games) m.put(g.name(), 0);
        for (Episode e : plan(games)) m.merge(e.game().name(), 1, Integer::sum);
        return m;
    }

    /** @param players makes the model for one player seat (called once per seat per episode) */
    public BenchmarkRunner(Path results, RunInfo info, Supplier<ChatModel> players) {
        this(results, info, (game, seat) -> players.get());
    }

    /** @param players makes the player of each seat of each episode, e.g. {@link Experts#PLAYERS} */
    public BenchmarkRunner(Path results, RunInfo info, Players players) {
        this.results = results;
        this.info = info;
        this.players = players;
    }

    /** Plays only this shard's part of the episodes (the same folder layout; shards of one run may share a folder). */
    public BenchmarkRunner shard(Shard shard) {
        this.shard = shard;
        return this;
    }

    /**
     * Expected model calls of one episode, for balancing shards: both roles over a game's usual turns (wordle's six
     * guesses, the critic doubling them, imagegame's and privateshared's longer dialogues).
     */
    static double expectedCost(Game game) {
        return switch (game.name()) {
            case "wordle", "wordle_withclue" -> 6;
            case "wordle_withcritic" -> 12;
            case "taboo" -> 6;
            case "imagegame", "privateshared" -> 10;
            case "referencegame" -> 2;
            default -> 6;
        };
    }

    /** Plays these instances instead of the bundled ones (record them in the {@link RunInfo}: {@link RunInfo#withInstances}). */
    public BenchmarkRunner instances(InstanceSet set) {
        this.instances = set;
        return this;
    }

    /** Plays only the first n instances of each experiment (smoke runs, tests). */
    public BenchmarkRunner limitInstances(int n) {
        this.instancesPerExperiment = n;
        return this;
    }

    /** Counts of one run; replaced: episodes of other settings this call removed first (see {@link #claimResults}). */
    public record Summary(int played, int skipped, int failed, int replaced) {
        public Summary(int played, int skipped, int failed) { this(played, skipped, failed, 0); }
    }

    /** One episode to play. */
    record Episode(Game game, int experimentIndex, JsonNode experiment, int index, JsonNode instance, Path dir) {}

    List<Episode> plan(List<Game> games) {
        List<Episode> all = allEpisodes(games);
        return shard == null ? all : shard.select(all, ep -> expectedCost(ep.game()));
    }

    /** Every episode of the selection, all shards together. */
    private List<Episode> allEpisodes(List<Game> games) {
        List<Episode> out = new ArrayList<>();
        for (Game g : games) {
            List<JsonNode> exps = instances.of(g.name()).experiments();
            for (int e = 0; e < exps.size(); e++) {
                JsonNode exp = exps.get(e);
                if (experiments != null && !experiments.contains(exp.get("name").asText())) continue;
                JsonNode inst = exp.get("game_instances");
                for (int i = 0; i < Math.min(inst.size(), instancesPerExperiment); i++)
                    out.add(new Episode(g, e, exp, i, inst.get(i), results.resolve(info.pairFolder()).resolve(g.name())
                            .resolve(e + "_" + exp.get("name").asText()).resolve("episode_" + i)));
            }
        }
        return out;
    }

    public Summary run(List<Game> games) throws InterruptedException {
        int removed = replaced == null ? claimResults() : 0;
        AtomicInteger played = new AtomicInteger(), skipped = new AtomicInteger(), failed = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Path pairDir = results.resolve(info.pairFolder());
            RunPlan.write(pairDir, allEpisodes(games).stream()
                    .map(ep -> pairDir.relativize(ep.dir()).toString().replace(java.io.File.separatorChar, '/')).toList());
            List<Episode> episodes = plan(games);
            writeExperimentFiles(episodes);
            for (Episode ep : episodes) {
                if (Files.exists(ep.dir().resolve("interactions.json"))) { skipped.incrementAndGet(); continue; }
                running.add(pool.submit(() -> {
                    if (play(ep)) played.incrementAndGet(); else failed.incrementAndGet();
                }));
            }
            for (Future<?> f : running) {
                try { f.get(); } catch (java.util.concurrent.ExecutionException e) { failed.incrementAndGet(); }
            }
        }
        return new Summary(played.get(), skipped.get(), failed.get(), removed);
    }

    /**
     * clembench's {@code experiment_<name>.json} beside the episodes: the experiment's settings
     * without its instances, its timestamp and model pair as clembench adds them, plus this run's
     * metadata (written once, kept on resume; clembench's "duration" is not written).
     */
    private void writeExperimentFiles(List<Episode> episodes) {
        for (Episode ep : episodes) {
            Path file = ep.dir().getParent().resolve("experiment_" + ep.experiment().get("name").asText() + ".json");
            if (Files.exists(file)) continue;
            com.fasterxml.jackson.databind.node.ObjectNode config = ep.experiment().deepCopy();
            config.remove("game_instances");
            config.put("timestamp", PyTime.isoformat(java.time.LocalDateTime.now()));
            config.put("dialogue_partners", info.pairFolder());
            config.set(RUN_KEY, Json.MAPPER.valueToTree(info.asMap()));
            Json.write(file, config);
        }
    }

    /** Plays and writes one episode; false if a player (or the game) failed. */
    boolean play(Episode ep) {
        List<ChatModel> models = new ArrayList<>();
        for (int i = 0; i < ep.game().modelCount(); i++) models.add(players.player(ep.game(), i));
        GameMaster master = ep.game().master(ep.experiment(), ep.instance(), models);
        EpisodeRecord record = master.record();
        record.key(RUN_KEY, Json.MAPPER.valueToTree(info.asMap()));
        try {
            master.play();
        } catch (RuntimeException e) {
            record.key(FAILURE_KEY, Json.MAPPER.getNodeFactory().textNode(e.toString()));
            record.write(ep.dir(), ep.instance());
            listener.episodeDone(ep.game(), null);
            return false;
        }
        Scores scores = ep.game().score(record.interactions(), ep.experiment(), ep.instance());
        Json.write(ep.dir().resolve("scores.json"), scores.toJson());
        record.write(ep.dir(), ep.instance());
        listener.episodeDone(ep.game(), scores);
        return true;
    }
}
