package dev.lightbulb.cli;

import dev.lightbulb.analysis.clemscore.BenchmarkRows;
import dev.lightbulb.analysis.clemscore.BundledTables;
import dev.lightbulb.analysis.clemscore.ClemscoreData;
import dev.lightbulb.analysis.clemscore.ClemscoreScaling;
import dev.lightbulb.analysis.clemscore.ClemscoreScalingOptions;
import dev.lightbulb.analysis.clemscore.ClemscoreScalingReport;
import dev.lightbulb.analysis.clemscore.FitEvaluation;
import dev.lightbulb.analysis.clemscore.ModelMapping;
import dev.lightbulb.analysis.scaling.LinkForm;
import dev.lightbulb.analysis.scaling.Loss;
import dev.lightbulb.analysis.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb analyze clemscore-scaling}: does clemscore follow an observational scaling law? With no
 * table options it uses the published tables bundled with lightbulb.
 */
@Command(name = "clemscore-scaling", mixinStandardHelpOptions = true,
        description = {"Predict clemscore, % played and quality from standard benchmarks (observational scaling law, "
                + "arXiv 2405.10938) and compare with FLOPs-only and log-parameters fits.",
                "Without table options it uses the bundled tables: clembench v1.6 and v1.0 results, ObsScaling's instruct and "
                        + "base benchmark tables, lightbulb's reviewed name mapping.",
                "Writes fit.json, predictions.csv, join.csv, plots (PNG and SVG) and report.html to --out."})
public final class AnalyzeClemscoreScalingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--results", split = ",", paramLabel = "CSV",
            description = "clembench results tables, earlier ones first when a model is in several (default: bundled v1.6, then v1.0)")
    List<Path> results;

    @Option(names = "--benchmarks", split = ",", paramLabel = "CSV",
            description = "benchmark tables in the ObsScaling layout (default: bundled instruct and base tables)")
    List<Path> benchmarks;

    @Option(names = "--mapping", paramLabel = "CSV",
            description = "clembench name -> benchmark row: clembench_model, benchmark_model, mapping (own|base|none), provenance "
                    + "(default: bundled, reviewed)")
    Path mapping;

    @Option(names = "--pcs", defaultValue = "3", description = "principal components used (default: ${DEFAULT-VALUE})")
    int pcs;

    @Option(names = "--link", defaultValue = "sigmoid-parametric", paramLabel = "FORM",
            description = "sigmoid, or sigmoid-parametric: (1 - b) sigmoid + b with b in [0, 0.2] (default: ${DEFAULT-VALUE})")
    String link;

    @Option(names = "--huber-delta", paramLabel = "D", description = "fit by the Huber loss with this delta instead of least squares")
    Double huberDelta;

    @Option(names = "--test-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "top fraction by score held out (rank_by_y_metric; default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--bootstrap", defaultValue = "200", paramLabel = "N",
            description = "resamples for 95% intervals of predictions and weights (lightbulb's addition; default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the bootstrap (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--reference-family", defaultValue = "Llama-2-Chat", paramLabel = "FAMILY",
            description = "family defining equivalent FLOPs (default: ${DEFAULT-VALUE})")
    String referenceFamily;

    @Option(names = "--out", defaultValue = "clemscore-scaling-out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        ClemscoreScalingOptions options = new ClemscoreScalingOptions(pcs, LinkForm.parse(link),
                huberDelta != null ? Loss.huber(huberDelta) : Loss.LEAST_SQUARES, testFraction, bootstrap, seed, referenceFamily);
        ClemscoreData data = ClemscoreData.join(
                results != null ? results.stream().map(Table::read).toList() : BundledTables.results(),
                ModelMapping.read(mapping != null ? Table.read(mapping) : BundledTables.mapping()),
                BenchmarkRows.read(benchmarks != null ? benchmarks.stream().map(Table::read).toList() : BundledTables.benchmarks()));
        ClemscoreScaling.Result r = ClemscoreScaling.run(data, options);
        ClemscoreScalingReport.write(r, out);
        print(r, spec.commandLine().getOut());
        spec.commandLine().getOut().println("wrote " + out.resolve("fit.json") + ", predictions.csv, join.csv, plots and report.html");
        return 0;
    }

    static void print(ClemscoreScaling.Result r, PrintWriter o) {
        ClemscoreData d = r.data();
        o.printf("joined %d models (%d own benchmark rows, %d base-model rows); %d without a usable row%n", d.models().size(),
                d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.OWN).count(),
                d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.BASE).count(), d.excluded().size());
        if (!d.unmapped().isEmpty()) {
            o.println("UNMAPPED (no entry in the mapping, not fitted): "
                    + String.join(", ", d.unmapped().stream().map(ClemscoreData.Unmapped::model).toList()));
        }
        o.println("mean absolute error in points: leave-one-out / top " + Math.round(100 * r.options().testFraction()) + "% held out");
        for (ClemscoreScaling.TargetResult t : r.targets()) {
            o.println(t.target().label() + ":");
            for (Map.Entry<String, FitEvaluation> e : t.fits().entrySet()) {
                FitEvaluation f = e.getValue();
                o.printf(Locale.ROOT, "  %-24s n=%-3d %6s / %6s%s%n", e.getKey(), f.n(), points(f.looMaePoints()),
                        points(f.testMaePoints()), f.degenerate() ? "  DEGENERATE: " + String.join("; ", f.problems()) : "");
            }
        }
    }

    private static String points(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
    }
}
