package dev.lightbulb.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.emergence.EmergenceAnalysis;
import dev.lightbulb.analysis.emergence.EmergenceLawForm;
import dev.lightbulb.analysis.emergence.EmergenceReport;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.games.EpisodeDataset;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.InstanceSet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code experiment emergence}: the training data once (expert episodes on training instances), then the cells —
 * all, or the one a cluster task was given — then the table, the fit and the page from whatever cells have finished.
 * Every step skips what its folder already holds, so a stopped grid resumes and cells may run anywhere in parallel.
 */
public final class EmergenceExperiment {
    private EmergenceExperiment() {}

    /** Where the training instances come from: a folder, or n drawn per game with the grid's seed. */
    public record TrainingSource(Path instances, int n) {}

    /** What a call did: the cells it ran, the table and the page (null when the fit could not be made yet). */
    public record Outcome(List<CellResult> finished, Path table, Path page, String fitProblem) {}

    /** Fit settings for the table (as {@code analyze emergence} takes them). */
    public record FitSettings(EmergenceLawForm form, double d0, EmergenceAnalysis.Settings settings) {}

    public static Outcome run(Grid g, TrainingSource source, Integer onlyCell, FitSettings fit, Backend backend, PrintStream log)
            throws InterruptedException {
        EmergenceGrid grid = g.grid;
        if (onlyCell != null && (onlyCell < 1 || onlyCell > grid.cells())) {
            throw new LightbulbException("--cell " + onlyCell + " is outside the grid's cells 1.." + grid.cells());
        }
        List<String> names = grid.games().stream().map(Game::name).toList();
        InstanceSet eval = grid.evalInstances() == null ? InstanceSet.BUNDLED : InstanceSet.read(grid.evalInstances(), names);
        for (String game : names) eval.of(game);   // a game the evaluation set lacks: stop before any work
        InstanceSet set = TrainingEpisodes.instances(source.instances(), grid.games(), eval, grid.recipe().seed(), source.n(), grid.out());
        ObjectNode identity = grid.identity();
        identity.put("train_instances_sha256", set.sha256());
        identity.put("eval_instances_sha256", eval.sha256());
        grid.pin(identity);
        Map<Game, List<EpisodeDataset.Episode>> episodes = null;
        if (grid.amounts().stream().anyMatch(a -> a > 0)) {
            log.println("expert episodes on the training instances -> " + grid.out().resolve(TrainingEpisodes.EPISODES));
            episodes = TrainingEpisodes.play(set, grid.games(), grid.recipe().seed(), grid.out());
            TrainingEpisodes.requireEnough(episodes, grid.amounts());
        }
        for (int c = 1; c <= grid.cells(); c++) {
            if (onlyCell == null || onlyCell == c) EmergenceCell.run(grid, c, episodes, eval, backend, log);
        }
        List<CellResult> finished = EmergenceTable.collect(grid);
        Path table = EmergenceTable.write(finished, grid.out());
        Path fitDir = grid.out().resolve("fit");
        EmergenceReport.Written written = null;
        String problem = null;
        try {
            written = EmergenceReport.write(table, fit.form(), fit.d0(), fit.settings(), fitDir);
        } catch (LightbulbException | IllegalArgumentException e) {
            problem = "the fit could not be made from " + finished.stream().filter(CellResult::ok).count() + " finished cells: " + e.getMessage();
        }
        Path page = EmergencePage.write(grid, finished, written, problem, fitDir);
        return new Outcome(finished, table, page, problem);
    }

    /** A validated grid (the public face of {@link EmergenceGrid}, whose parts the command fills in). */
    public static final class Grid {
        final EmergenceGrid grid;

        public Grid(List<Path> checkpoints, List<Game> games, List<Integer> amounts, Path heldOut, Path evalInstances, Integer evalLimit, int maxTokens,
                    int loraRank, double epochs, double learningRate, int warmup, int batchTokens, int seqLen, long seed, Path out) {
            grid = new EmergenceGrid(checkpoints, games, amounts, heldOut, evalInstances, evalLimit, maxTokens,
                    new Recipe(loraRank, epochs, learningRate, warmup, batchTokens, seqLen, seed), out);
        }

        public int cells() { return grid.cells(); }
    }
}
