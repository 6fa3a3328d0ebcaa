package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.scaling.HoldOut;
import dev.lightbulb.analysis.scaling.LinkForm;
import dev.lightbulb.analysis.scaling.Loss;
import dev.lightbulb.analysis.scaling.ObservationalScaling;
import dev.lightbulb.analysis.scaling.ScalingData;
import dev.lightbulb.analysis.scaling.ScalingOptions;
import dev.lightbulb.analysis.scaling.ScalingReport;
import dev.lightbulb.analysis.scaling.ScalingResult;
import dev.lightbulb.analysis.scaling.TargetScale;
import dev.lightbulb.analysis.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lightbulb analyze scaling}: an observational scaling law (arXiv 2405.10938) from two CSV tables. */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Fit an observational scaling law: benchmark scores -> principal capabilities -> sigmoid of a target.",
                "Writes fit.json, predictions.csv and plots (PNG and SVG) to --out."})
public final class AnalyzeScalingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--benchmarks", required = true, paramLabel = "CSV",
            description = "base benchmark table: Model, Model Family, FLOPs (1E21) and one column per metric")
    Path benchmarks;

    @Option(names = "--targets", required = true, paramLabel = "CSV", description = "table with a Model column and the target column")
    Path targets;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "the column of --targets to predict")
    String target;

    @Option(names = "--setup", defaultValue = "base", paramLabel = "base|instruct",
            description = {"base: base models, FLOPs cutoff, Llama-2 reference (paper Sec. 4.1, 4.3);",
                    "instruct: instruct models, the 7 instruct metrics, top --test-fraction held out, Llama-2-Chat reference "
                            + "(paper Sec. 4.2) (default: ${DEFAULT-VALUE})"})
    String setup;

    @Option(names = "--metrics", split = ",", paramLabel = "M",
            description = "benchmark columns forming the capability matrix (default: "
                    + ScalingData.DEFAULT_METRICS_RULE + "; with --setup instruct: " + "MMLU, ARC-C, HellaSwag, Winogrande, "
                    + "TruthfulQA, GSM8K, HumanEval)")
    List<String> metrics;

    @Option(names = "--pcs", defaultValue = "3", description = "principal components used (default: ${DEFAULT-VALUE})")
    int pcs;

    @Option(names = "--cutoff-flops", defaultValue = "84",
            description = "models with FLOPs (1E21) above this, or unknown, are held out (default: ${DEFAULT-VALUE})")
    double cutoffFlops;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "hold out the top F of models by target instead (rank_by_y_metric; --setup instruct: 0.1)")
    Double testFraction;

    @Option(names = "--random-baseline", defaultValue = "0",
            description = "chance score r; the target is mapped to (y - r)/(1 - r) (default: ${DEFAULT-VALUE})")
    double randomBaseline;

    @Option(names = "--target-range", split = ",", paramLabel = "LO,HI",
            description = "min-max scale the target over [LO, HI] instead, e.g. 0,10 for AgentBench, 0,100 for percentages")
    List<Double> targetRange;

    @Option(names = "--reference-family", paramLabel = "FAMILY",
            description = "family defining equivalent FLOPs (default: Llama-2; with --setup instruct: Llama-2-Chat)")
    String referenceFamily;

    @Option(names = "--link", defaultValue = "sigmoid-parametric", paramLabel = "FORM",
            description = "sigmoid, or sigmoid-parametric: (1 - b) sigmoid + b with b in [0, 0.2] (default: ${DEFAULT-VALUE})")
    String link;

    @Option(names = "--huber-delta", paramLabel = "D",
            description = "fit by the Huber loss with this delta (the reference's robust regression; its default is 0.1) "
                    + "instead of least squares")
    Double huberDelta;

    @Option(names = "--bootstrap", defaultValue = "0", paramLabel = "N",
            description = "resamples of the training models for 95% intervals of predictions and weights "
                    + "(lightbulb's addition; default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the bootstrap (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "scaling-out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        boolean instruct = switch (setup) {
            case "base" -> false;
            case "instruct" -> true;
            default -> throw new LightbulbException("--setup must be 'base' or 'instruct', got '" + setup + "'");
        };
        List<String> used = metrics != null ? metrics : instruct ? ScalingData.INSTRUCT_METRICS : ScalingData.defaultMetrics(target);
        String metricsChoice = metrics != null ? "--metrics"
                : instruct ? "default for --setup instruct (paper Sec. 4.2)" : "default: " + ScalingData.DEFAULT_METRICS_RULE;
        TargetScale scale = targetScale();
        HoldOut holdOut = testFraction != null ? new HoldOut.RankByTarget(testFraction)
                : instruct ? new HoldOut.RankByTarget(0.1) : new HoldOut.FlopsCutoff(cutoffFlops);
        String family = referenceFamily != null ? referenceFamily : instruct ? "Llama-2-Chat" : "Llama-2";
        Loss loss = huberDelta != null ? Loss.huber(huberDelta) : Loss.LEAST_SQUARES;
        ScalingOptions options = new ScalingOptions(pcs, holdOut, family, LinkForm.parse(link), loss, bootstrap, seed);
        ScalingData data = ScalingData.load(Table.read(benchmarks), Table.read(targets), target, used, scale);
        ScalingResult r = ObservationalScaling.fit(data, options);
        ScalingReport.write(r, target, scale, metricsChoice, out);
        var o = spec.commandLine().getOut();
        o.println("capability metrics: " + String.join(", ", used) + (metrics != null ? "" : " (default for this target)"));
        o.printf("%s: %d train / %d test models, PC1..%d explain %.1f%% of variance%n", target, r.nTrain(), r.nTest(),
                pcs, 100 * cumulative(r.explainedVarianceRatio(), pcs));
        o.printf("test MSE %.5f (FLOPs baseline %s on the %d test models with known FLOPs: %s)%n",
                r.mseTest(), number(r.baselineMseTest()), r.nTestFlopsKnown(), number(r.mseTestFlopsKnown()));
        if (r.degenerate()) o.println("DEGENERATE fit: " + String.join("; ", r.degenerateReasons()));
        o.println("wrote " + out.resolve("fit.json"));
        return 0;
    }

    private TargetScale targetScale() {
        if (targetRange == null) return TargetScale.fromRandomBaseline(randomBaseline);
        if (targetRange.size() != 2) throw new LightbulbException("--target-range takes two numbers LO,HI, got " + targetRange);
        if (randomBaseline != 0) throw new LightbulbException("give --random-baseline or --target-range, not both");
        return new TargetScale(targetRange.get(0), targetRange.get(1));
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.5f", v) : "n/a";
    }

    private static double cumulative(double[] ratios, int k) {
        double s = 0;
        for (int i = 0; i < Math.min(k, ratios.length); i++) s += ratios[i];
        return s;
    }
}
