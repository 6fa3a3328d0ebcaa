package dev.lightbulb.cli;

import dev.lightbulb.analysis.characteristics.CharacteristicsReport;
import dev.lightbulb.analysis.clemscore.BenchmarkRows;
import dev.lightbulb.analysis.clemscore.BundledTables;
import dev.lightbulb.analysis.clemscore.ClemscoreData;
import dev.lightbulb.analysis.clemscore.ClemscoreScaling;
import dev.lightbulb.analysis.clemscore.ClemscoreScalingOptions;
import dev.lightbulb.analysis.clemscore.ClemscoreScalingReport;
import dev.lightbulb.analysis.clemscore.ModelMapping;
import dev.lightbulb.analysis.table.Table;
import dev.lightbulb.analysis.characteristics.CharacteristicsStudy;
import dev.lightbulb.analysis.characteristics.ModelTable;
import dev.lightbulb.analysis.characteristics.ResultsTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lightbulb analyze characteristics}: clemscore against model size, quantisation, backend, sampling. */
@Command(name = "characteristics", mixinStandardHelpOptions = true,
        description = {"Relate clemscores to model characteristics (arXiv 2406.14051): size, quantisation, backend, sampling.",
                "Writes CSV tables, summary.json, plots and report.html to --out."})
public final class AnalyzeCharacteristicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--results", required = true, split = ",", paramLabel = "CSV",
            description = "clembench results tables (results.csv layout, or score sheets with a 'Model Name' column)")
    List<Path> results;

    @Option(names = "--models", required = true, split = ",", paramLabel = "CSV",
            description = "model tables: name, parameters (billions), training, quantisation, backend; merged by name")
    List<Path> models;

    @Option(names = "--clemscore-scaling",
            description = "add a section predicting these clemscores from standard benchmarks (analyze clemscore-scaling with "
                    + "the bundled benchmark tables and name mapping)")
    boolean clemscoreScaling;

    @Option(names = "--clemscore-scaling-bootstrap", defaultValue = "200", paramLabel = "N",
            description = "bootstrap resamples of that section (default: ${DEFAULT-VALUE})")
    int clemscoreScalingBootstrap;

    @Option(names = "--out", defaultValue = "characteristics-out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        ResultsTables.Loaded loaded = ResultsTables.read(results);
        CharacteristicsStudy.Result r = CharacteristicsStudy.run(loaded.results(), ModelTable.read(models), loaded.conflicts());
        List<String> sections = List.of();
        if (clemscoreScaling) {
            ClemscoreData data = ClemscoreData.join(results.stream().map(Table::read).toList(),
                    ModelMapping.read(BundledTables.mapping()), BenchmarkRows.read(BundledTables.benchmarks()));
            ClemscoreScaling.Result scaling = ClemscoreScaling.run(data,
                    ClemscoreScalingOptions.DEFAULT.withBootstrap(clemscoreScalingBootstrap));
            sections = List.of(ClemscoreScalingReport.htmlSection(scaling));
            AnalyzeClemscoreScalingCommand.print(scaling, spec.commandLine().getOut());
        }
        CharacteristicsReport.write(r, out, sections);
        var o = spec.commandLine().getOut();
        if (r.sizeFitDegenerate()) {
            o.println("no size fit: " + r.sizeFitReason());
        } else {
            o.printf("clemscore = %.2f + %.2f * log10(parameters in B), R^2 = %.3f, n = %d%n",
                    r.sizeFit().intercept(), r.sizeFit().slope(), r.sizeFit().r2(), r.sizeFit().n());
        }
        if (!r.notComputable().isEmpty()) {
            o.println("clemscore not computable (left out of the fit): " + String.join(", ", r.notComputable()));
        }
        for (var q : r.quantisation()) {
            o.printf("%-28s %s: %s -> %s (%s)%n", q.group(), q.quantisation(), score(q.fullClemscore()),
                    score(q.quantisedClemscore()), Double.isNaN(q.delta()) ? "not computable" : String.format("%+.2f", q.delta()));
        }
        o.println("wrote " + out.resolve("report.html"));
        return 0;
    }

    private static String score(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.2f", v);
    }
}
