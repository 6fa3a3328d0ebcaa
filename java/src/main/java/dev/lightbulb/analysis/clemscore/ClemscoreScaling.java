package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.scaling.ObservationalScaling;
import dev.lightbulb.analysis.scaling.ScalingData;
import dev.lightbulb.analysis.scaling.ScalingOptions;
import dev.lightbulb.analysis.scaling.ScalingResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Does conversational-game skill follow an observational scaling law? Fits clemscore, % played and quality
 * (each ÷ 100) of the joined clembench models against the capability PCs of their benchmark rows with the
 * sigmoid link (arXiv 2405.10938), and scores the fit by leave-one-out and by the rank_by_y_metric split.
 * On the models whose training FLOPs and size are both known it also scores, the same two ways, the same
 * capability fit, the paper's FLOPs-only baseline and the first paper's straight line in log10 parameters
 * (arXiv 2406.14051), so the three are compared on the same models.
 */
public final class ClemscoreScaling {
    private ClemscoreScaling() {}

    /** Fits keyed as in fit.json. */
    public static final String PC = "pc", MEAN = "mean", PC_SAME = "pc_same_models", FLOPS_SAME = "flops_same_models",
            LOG_PARAMS_SAME = "log_params_same_models", MEAN_SAME = "mean_same_models";

    /**
     * One target's fits.
     *
     * @param models  the joined models that have this target, in join order (indices below refer to this list)
     * @param y       their target ÷ 100
     * @param split   the PC fit on the rank_by_y_metric training models (weights, bootstrap, equivalent FLOPs)
     * @param fits    by key: {@link #PC} and {@link #MEAN} on all models, and the four fits on the models with known
     *                FLOPs and size
     */
    public record TargetResult(ClemTarget target, List<ClemscoreData.Joined> models, double[] y, ScalingResult split,
                               Map<String, FitEvaluation> fits) {
        public FitEvaluation pc() { return fits.get(PC); }

        /** The PC fit's leave-one-out MAE over the models of one mapping kind. */
        public double looMaePoints(ModelMapping.Kind kind) {
            return pc().looMaePoints(y, i -> models.get(i).mapping().kind() == kind);
        }

        /** The PC fit's leave-one-out MAE over the models whose scores come from one results table. */
        public double looMaePoints(String source) {
            return pc().looMaePoints(y, i -> models.get(i).result().source().equals(source));
        }
    }

    public record Result(ClemscoreData data, ClemscoreScalingOptions options, List<TargetResult> targets) {}

    public static Result run(ClemscoreData data, ClemscoreScalingOptions options) {
        List<TargetResult> out = new ArrayList<>();
        for (ClemTarget t : ClemTarget.values()) out.add(fit(data, t, options));
        return new Result(data, options, out);
    }

    static TargetResult fit(ClemscoreData data, ClemTarget target, ClemscoreScalingOptions options) {
        List<ClemscoreData.Joined> models = data.models().stream().filter(m -> Double.isFinite(target.points(m.result()))).toList();
        int n = models.size(), k = options.pcs();
        int needed = neededModels(k, options.testFraction());
        if (n < needed) {
            throw new LightbulbException("too few joined models for " + k + " principal components: " + n + " models have a "
                    + target.label() + " and a benchmark row, leave-one-out and the held-out split need at least " + needed
                    + " (map more models, add results tables or lower --pcs)");
        }
        double[][] metrics = new double[n][];
        double[] y = new double[n], flops = new double[n], size = new double[n];
        List<String> names = new ArrayList<>(), families = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClemscoreData.Joined m = models.get(i);
            metrics[i] = m.row().metrics();
            y[i] = target.points(m.result()) / 100;
            flops[i] = m.row().flops();
            size[i] = m.row().parametersB();
            names.add(m.name());
            families.add(m.row().family());
        }
        ScalingData scalingData = new ScalingData(names, families, flops, size, BenchmarkRows.METRICS, metrics, y, List.of(), List.of());
        ScalingResult split = ObservationalScaling.fit(scalingData, new ScalingOptions(k, options.split(), options.referenceFamily(),
                options.form(), options.loss(), options.bootstrap(), options.seed()));

        PredictionMethod pc = PredictionMethod.capabilities(metrics, y, BenchmarkRows.METRICS, k, options.form(), options.loss());
        PredictionMethod flopsOnly = PredictionMethod.flops(flops, y, options.form(), options.loss());
        PredictionMethod logParams = PredictionMethod.logParameters(size, y);
        PredictionMethod mean = PredictionMethod.mean(y);
        int[] all = IntStream.range(0, n).toArray();
        int[] same = IntStream.range(0, n).filter(i -> flopsOnly.applies(i) && logParams.applies(i)).toArray();
        Map<String, FitEvaluation> fits = new LinkedHashMap<>();
        String sameModels = "the joined models with known training FLOPs and size";
        fits.put(PC, FitEvaluation.run(pc, "all joined models", all, y, options.split(), k + 3));
        fits.put(MEAN, FitEvaluation.run(mean, "all joined models", all, y, options.split(), 1));
        fits.put(PC_SAME, FitEvaluation.run(pc, sameModels, same, y, options.split(), k + 3));
        fits.put(FLOPS_SAME, FitEvaluation.run(flopsOnly, sameModels, same, y, options.split(), 4));
        fits.put(LOG_PARAMS_SAME, FitEvaluation.run(logParams, sameModels, same, y, options.split(), 3));
        fits.put(MEAN_SAME, FitEvaluation.run(mean, sameModels, same, y, options.split(), 1));
        return new TargetResult(target, models, y, split, fits);
    }

    /** Leave-one-out trains on n − 1 models and the split on n − int(f·n); both need K + 3 (α, β, b and one more). */
    static int neededModels(int k, double testFraction) {
        int n = k + 4;
        while (n - (int) (testFraction * n) < k + 3) n++;
        return n;
    }
}
