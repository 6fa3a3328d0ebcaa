package dev.lightbulb.experiment;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.games.EpisodeDataset;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.InstanceSet;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.train.FinetuneSettings;
import dev.lightbulb.train.Finetuner;
import dev.lightbulb.train.HeldOutLoss;
import dev.lightbulb.train.TrainingResults;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One cell: a checkpoint finetuned on the first {@code amount} expert episodes of each game (nothing for 0), played
 * on the evaluation instances, with the checkpoint's held-out loss. Each step keeps what it made in the cell's folder
 * ({@code train.jsonl}, {@code finetune/} with its checkpoint, {@code results/}), so a stopped cell resumes where it
 * stopped; {@code cell.json} is written last. A finetuning that diverges ends the cell as failed, with the reason.
 */
final class EmergenceCell {
    private EmergenceCell() {}

    static CellResult run(EmergenceGrid grid, int cell, Map<Game, List<EpisodeDataset.Episode>> episodes, InstanceSet eval,
                          Backend backend, PrintStream log) throws InterruptedException {
        Path dir = grid.cellDir(cell);
        CellResult done = CellResult.read(dir);
        if (done != null) return done;
        long start = System.nanoTime();
        Path checkpoint = grid.checkpoint(cell);
        String model = EmergenceGrid.modelName(checkpoint);
        int amount = grid.amount(cell);
        log.printf("cell %d/%d: %s, %d episodes per game%n", cell, grid.cells(), model, amount);
        double loss;
        try (LoadedModel m = LoadedModel.open(checkpoint, null, backend)) {
            loss = HeldOutLoss.measure(m, grid.heldOut()).loss();
        }
        Path playModel = checkpoint, lora = null;
        if (amount > 0) {
            Path data = dir.resolve("train.jsonl"), tuned = dir.resolve("finetune");
            List<EpisodeDataset.Episode> chosen = new ArrayList<>();
            for (Game g : grid.games()) chosen.addAll(episodes.get(g).subList(0, amount));
            EpisodeDataset.write(chosen, data);
            Recipe r = grid.recipe();
            try {
                int steps = Finetuner.stepsForEpochs(checkpoint, data, r.seqLen(), r.batchTokens(), r.epochs());
                FinetuneSettings s = new FinetuneSettings(checkpoint, data, tuned, r.lora(), steps, r.learningRate(), Math.min(r.warmup(), steps),
                        r.batchTokens(), r.seqLen(), 0f, 1.0, r.seed(), Math.max(1, steps / 4), Finetuner.resumable(tuned));
                Finetuner.Outcome o = new Finetuner(s, backend).run(step -> { });
                log.printf("  finetuned %d steps: loss %.4f -> %.4f%n", steps, o.steps().isEmpty() ? Double.NaN : o.firstLoss(),
                        o.steps().isEmpty() ? Double.NaN : o.lastLoss());
            } catch (LightbulbException e) {
                CellResult failed = CellResult.failed(cell, model, checkpoint.toString(), amount, loss, seconds(start), e.getMessage());
                failed.write(dir);
                log.println("  failed: " + e.getMessage());
                return failed;
            }
            if (r.full()) playModel = tuned.resolve(TrainingResults.MODEL);
            else lora = tuned.resolve(TrainingResults.ADAPTER);
        }
        SelfPlay.Scores scores = SelfPlay.play(backend, playModel, lora, model + "-d" + amount, grid.games(), eval, grid.evalLimit(),
                grid.maxTokens(), dir.resolve("results"));
        CellResult result = new CellResult(cell, model, checkpoint.toString(), amount, loss, scores.clemscore() / 100, scores.clemscore(),
                scores.played(), scores.quality(), scores.episodes(), seconds(start), "ok", null);
        result.write(dir);
        log.printf("  loss %.4f, clemscore %.2f (%% played %.2f, quality %.2f), %.0f s%n", loss, scores.clemscore(), scores.played(),
                scores.quality(), result.seconds());
        return result;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
