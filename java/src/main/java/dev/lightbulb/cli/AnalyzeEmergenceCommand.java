package dev.lightbulb.cli;

import dev.lightbulb.analysis.emergence.*;

import dev.lightbulb.LightbulbException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb analyze emergence}: fits the emergence law of arXiv 2411.16035 to a table of
 * (model, loss, data_amount, accuracy) and writes fit.json plus accuracy-vs-loss plots.
 */
@Command(name = "emergence", mixinStandardHelpOptions = true,
        description = "Fit an emergence law (Snell et al. 2024): accuracy is a ReLU of pretraining loss whose "
                + "elbow moves with the finetuning data amount D; predicts the few-shot emergence point E(D0).")
public final class AnalyzeEmergenceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "CSV",
            description = "CSV with columns model, loss (or capability: higher = stronger), data_amount "
                    + "(0 = few-shot), accuracy")
    Path data;

    @Option(names = "--form", defaultValue = "log-power", paramLabel = "FORM",
            description = "emergence law reported first: log-power (E = C + k (ln D)^alpha, default) or power "
                    + "(E = C + k D^alpha); both are fitted and compared")
    String form;

    @Option(names = "--d0", defaultValue = "5", paramLabel = "N",
            description = "low-data extrapolation limit D0 in examples (the paper: anything below ~10x the "
                    + "number of few-shot examples); default ${DEFAULT-VALUE}")
    double d0;

    @Option(names = "--out", defaultValue = "emergence", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--bootstrap", defaultValue = "200", paramLabel = "N", description = "bootstrap replicates (default ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--mcmc-steps", defaultValue = "20000", paramLabel = "N", description = "MCMC steps after burn-in (default ${DEFAULT-VALUE})")
    int mcmcSteps;

    @Option(names = "--burn-in", defaultValue = "4000", paramLabel = "N", description = "MCMC burn-in steps (default ${DEFAULT-VALUE})")
    int burnIn;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the bootstrap and the MCMC chain (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        EmergenceLawForm selected = EmergenceLawForm.fromCliName(form);
        if (bootstrap < 0 || mcmcSteps < 10 || burnIn < 0) {
            throw new LightbulbException("--bootstrap must be >= 0, --mcmc-steps >= 10, --burn-in >= 0");
        }
        EmergenceAnalysis.Settings settings = new EmergenceAnalysis.Settings(bootstrap, burnIn, mcmcSteps, 10, seed);
        Files.createDirectories(out);
        EmergenceReport.Written written = EmergenceReport.write(data, selected, d0, settings, out);
        EmergenceCsv.Rows table = written.table();
        EmergenceAnalysis.FormResult first = written.first();
        Interval interval = written.interval();
        PrintWriter stdout = spec.commandLine().getOut();
        if (first.mle().degenerate()) {
            stdout.println("emergence fit is degenerate: " + first.mle().degenerateReason() + " (see " + out.resolve("fit.json") + ")");
        } else {
            Interval shown = table.axis().convert(interval);
            stdout.printf("E(D0=%s) = %.4f (%s), 5-95%%: [%.4f, %.4f] (MCMC); wrote %s%n", d0,
                    table.axis().convert(first.mle().emergenceAtD0()), table.axis().column, shown.p05(), shown.p95(), out);
        }
        stdout.flush();
        return 0;
    }
}
