package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.emergence.EmergenceAnalysis;
import dev.lightbulb.analysis.emergence.EmergenceLawForm;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.experiment.EmergenceExperiment;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.Games;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lightbulb experiment emergence}: the emergence experiment of arXiv 2411.16035 on the clembench games. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run an experiment made of many runs",
        subcommands = ExperimentCommand.Emergence.class)
public final class ExperimentCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "emergence", mixinStandardHelpOptions = true,
            description = "For every checkpoint x data amount (a cell): finetune the checkpoint on that many expert episodes per game of "
                    + "training instances (0 = none), play the games in self-play, measure the checkpoint's held-out loss; then the table "
                    + "(emergence.csv), the emergence fit (fit/) and a page (index.html). Cells resume; --cell runs one (a cluster task).")
    static final class Emergence implements Callable<Integer> {
        @Option(names = "--checkpoints", required = true, split = ",", paramLabel = "GGUF", description = "the models, any sizes")
        List<Path> checkpoints;

        @Option(names = "--games", defaultValue = "taboo", split = ",", paramLabel = "GAME", description = "games to finetune on and play (default ${DEFAULT-VALUE})")
        List<String> games;

        @Option(names = "--amounts", defaultValue = "0,8,32", split = ",", paramLabel = "N", description = "expert episodes per game to finetune on; 0 = none (default ${DEFAULT-VALUE})")
        List<Integer> amounts;

        @Option(names = "--heldout", required = true, paramLabel = "TEXT.jsonl", description = "held-out text: its loss is each checkpoint's pretraining loss")
        Path heldOut;

        @Option(names = "--train-instances", paramLabel = "DIR", description = "training instances (from lightbulb instances); default: --train-n new ones per game, drawn with --seed")
        Path trainInstances;

        @Option(names = "--train-n", paramLabel = "N", description = "training instances per game to draw (default: twice the largest amount, at least 16)")
        Integer trainN;

        @Option(names = "--eval-instances", paramLabel = "DIR|FILE", description = "the evaluation instances (as run --instances takes them); default: the bundled clembench v1.6 ones")
        Path evalInstances;

        @Option(names = "--eval-limit", paramLabel = "N", description = "play only the first N evaluation instances of each experiment (default: all)")
        Integer evalLimit;

        @Option(names = "--max-tokens", defaultValue = "100", paramLabel = "N", description = "tokens per reply at most (default ${DEFAULT-VALUE}, clembench's)")
        int maxTokens;

        @Option(names = "--lora-rank", defaultValue = "0", paramLabel = "R", description = "finetune a LoRA adapter of this rank; 0 = every weight (default ${DEFAULT-VALUE})")
        int loraRank;

        @Option(names = "--epochs", defaultValue = "3", paramLabel = "E", description = "passes over a cell's data (default ${DEFAULT-VALUE})")
        double epochs;

        @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE", description = "peak learning rate (default ${DEFAULT-VALUE})")
        double lr;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "N", description = "warm-up steps (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--batch-tokens", defaultValue = "2048", paramLabel = "N", description = "tokens per step (default ${DEFAULT-VALUE})")
        int batchTokens;

        @Option(names = "--seq-len", defaultValue = "1024", paramLabel = "N", description = "rows per micro-batch (default ${DEFAULT-VALUE})")
        int seqLen;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "training instances, episode order and finetuning (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", defaultValue = "emergence-grid", paramLabel = "DIR", description = "the grid's folder (default ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--cell", paramLabel = "I", description = "run only cell I (1-based, checkpoint-major), e.g. $SLURM_ARRAY_TASK_ID")
        Integer cell;

        @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME", description = "auto, cpu or cuda (default ${DEFAULT-VALUE})")
        String backendName;

        @Option(names = "--form", defaultValue = "log-power", paramLabel = "FORM", description = "emergence law: log-power or power (default ${DEFAULT-VALUE})")
        String form;

        @Option(names = "--d0", defaultValue = "1", paramLabel = "N", description = "the low-data limit D0 the few-shot point is predicted at (default ${DEFAULT-VALUE})")
        double d0;

        @Option(names = "--bootstrap", defaultValue = "100", paramLabel = "N", description = "bootstrap replicates of the fit (default ${DEFAULT-VALUE})")
        int bootstrap;

        @Option(names = "--mcmc-steps", defaultValue = "4000", paramLabel = "N", description = "MCMC steps of the fit (default ${DEFAULT-VALUE})")
        int mcmcSteps;

        @Override
        public Integer call() throws InterruptedException {
            List<Game> selected = games.stream().map(Games::byName).toList();
            if (amounts.isEmpty()) throw new LightbulbException("--amounts: give at least one data amount");
            int n = trainN != null ? trainN : Math.max(16, 2 * Collections.max(amounts));
            if (n <= 0) throw new LightbulbException("--train-n must be >= 1, got " + n);
            if (bootstrap < 0 || mcmcSteps < 10) throw new LightbulbException("--bootstrap must be >= 0 and --mcmc-steps >= 10");
            EmergenceExperiment.Grid grid = new EmergenceExperiment.Grid(checkpoints, selected, amounts, heldOut, evalInstances, evalLimit, maxTokens,
                    loraRank, epochs, lr, warmup, batchTokens, seqLen, seed, out);
            EmergenceExperiment.FitSettings fit = new EmergenceExperiment.FitSettings(EmergenceLawForm.fromCliName(form), d0,
                    new EmergenceAnalysis.Settings(bootstrap, mcmcSteps / 5, mcmcSteps, 10, seed + 1));
            EmergenceExperiment.Outcome o;
            try (Backend backend = FinetuneCommand.trainingBackend(backendName, System.err)) {
                o = EmergenceExperiment.run(grid, new EmergenceExperiment.TrainingSource(trainInstances, n), cell, fit, backend, System.out);
            }
            System.out.println(o.finished().size() + " of " + grid.cells() + " cells finished; table " + o.table() + "; page " + o.page());
            if (o.fitProblem() != null) System.out.println(o.fitProblem());
            return 0;
        }
    }
}
