package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The models of one observational-scaling fit: for each model its family, training compute, size in
 * billions of parameters (NaN where the table has none), base benchmark scores (NaN where missing) and the
 * downstream target (min-max scaled), joined by model name from a benchmark
 * table (ObsScaling's {@code *_benchmark_eval.csv} layout) and a target table (any CSV with a model column).
 * Models whose target is missing are dropped here, before any split, as the reference does, so each
 * target gets its own training set.
 */
public record ScalingData(List<String> models, List<String> families, double[] flops, double[] parametersB,
                          List<String> metricNames, double[][] metrics, double[] y, List<String> droppedMissingTarget,
                          List<String> notInBenchmarks) {

    /** Without model sizes (all unknown). */
    public ScalingData(List<String> models, List<String> families, double[] flops, List<String> metricNames,
                       double[][] metrics, double[] y, List<String> droppedMissingTarget, List<String> notInBenchmarks) {
        this(models, families, flops, nans(models.size()), metricNames, metrics, y, droppedMissingTarget, notInBenchmarks);
    }

    /** The eight base-model metrics of the reference ({@code ALL_BENCHMARK_METRIC_LIST}). */
    public static final List<String> DEFAULT_METRICS =
            List.of("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd", "HumanEval");
    /** The seven instruct-model metrics of the paper's Sec. 4.2 (no XWinograd; the instruct table says Winogrande). */
    public static final List<String> INSTRUCT_METRICS =
            List.of("MMLU", "ARC-C", "HellaSwag", "Winogrande", "TruthfulQA", "GSM8K", "HumanEval");
    /** The same without GSM8K ({@code NONGSM_METRIC_LIST}), so a GSM8K-like target is not predicted from itself. */
    public static final List<String> NON_GSM_METRICS = DEFAULT_METRICS.stream().filter(m -> !m.equals("GSM8K")).toList();
    /** Why {@link #defaultMetrics} dropped GSM8K, for the help text and fit.json. */
    public static final String DEFAULT_METRICS_RULE = "the paper's 8 base-model metrics, without GSM8K for arithmetic and "
            + "GSM8K/BBH targets (METHOD.md §1.2, the reference's NONGSM_METRIC_LIST)";

    static final String[] MODEL_COLUMN = {"Model", "model", "name", "Model Name"};
    static final String[] FAMILY_COLUMN = {"Model Family", "family"};
    static final String[] FLOPS_COLUMN = {"FLOPs (1E21)"};
    static final String[] SIZE_COLUMN = {"Model Size (B)", "Param (B)", "parameters_b"};

    /**
     * The capability metrics the reference uses for a target column: all eight, except for targets whose
     * column names an arithmetic, GSM8K or BBH task ({@code arithmetic_*}, {@code gsm8k_*}, {@code bbh_*}),
     * which the reference fits on the seven others ([OSL] §4.1, §4.3).
     */
    public static List<String> defaultMetrics(String targetColumn) {
        String t = targetColumn.strip().toLowerCase(java.util.Locale.ROOT);
        boolean gsmLike = t.startsWith("arithmetic") || t.startsWith("gsm8k") || t.startsWith("bbh");
        return gsmLike ? NON_GSM_METRICS : DEFAULT_METRICS;
    }

    /**
     * Joins the tables. {@code randomBaseline} r maps the target to {@code (y − r)/(1 − r)} (the reference's
     * min-max to [random, 1]); r = 0 leaves it as it is.
     */
    public static ScalingData load(Table benchmarks, Table targets, String targetColumn, List<String> metricNames,
                                   double randomBaseline) {
        return load(benchmarks, targets, targetColumn, metricNames, TargetScale.fromRandomBaseline(randomBaseline));
    }

    /** Joins the tables and min-max scales the target by {@code scale}. */
    public static ScalingData load(Table benchmarks, Table targets, String targetColumn, List<String> metricNames,
                                   TargetScale scale) {
        if (metricNames.isEmpty()) throw new LightbulbException("no benchmark metrics given (--metrics)");
        int bModel = benchmarks.requireColumn(MODEL_COLUMN);
        int bFamily = benchmarks.requireColumn(FAMILY_COLUMN);
        int bFlops = benchmarks.requireColumn(FLOPS_COLUMN);
        java.util.Optional<Integer> bSize = benchmarks.findColumn(SIZE_COLUMN);
        int[] bMetric = metricNames.stream().mapToInt(benchmarks::requireColumn).toArray();
        int tModel = targets.requireColumn(MODEL_COLUMN);
        int tTarget = targets.requireColumn(targetColumn);

        Map<String, Integer> benchmarkRow = new HashMap<>();
        for (int r = 0; r < benchmarks.rowCount(); r++) {
            String name = benchmarks.text(r, bModel);
            if (benchmarkRow.putIfAbsent(name, r) != null) {
                throw new LightbulbException(benchmarks.where(r, bModel) + ": model '" + name + "' appears twice");
            }
        }
        List<String> models = new ArrayList<>(), families = new ArrayList<>();
        List<Double> flops = new ArrayList<>(), sizes = new ArrayList<>(), ys = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<String> dropped = new ArrayList<>(), unmatched = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < targets.rowCount(); r++) {
            String name = targets.text(r, tModel);
            if (!seen.add(name)) throw new LightbulbException(targets.where(r, tModel) + ": model '" + name + "' appears twice");
            double y = targets.number(r, tTarget);
            Integer b = benchmarkRow.get(name);
            if (b == null) { unmatched.add(name); continue; }
            if (Double.isNaN(y)) { dropped.add(name); continue; }
            models.add(name);
            families.add(benchmarks.text(b, bFamily));
            flops.add(benchmarks.number(b, bFlops));
            final int bRow = b;
            sizes.add(bSize.map(c -> benchmarks.number(bRow, c)).orElse(Double.NaN));
            double[] row = new double[bMetric.length];
            for (int j = 0; j < row.length; j++) row[j] = benchmarks.number(b, bMetric[j]);
            rows.add(row);
            ys.add(scale.apply(y));
        }
        if (models.isEmpty()) {
            throw new LightbulbException(targets.source() + ": no model has both a value in column '" + targetColumn
                    + "' and a row in " + benchmarks.source());
        }
        return new ScalingData(models, families, unbox(flops), unbox(sizes), List.copyOf(metricNames),
                rows.toArray(double[][]::new), unbox(ys), dropped, unmatched);
    }

    public int size() { return models.size(); }

    /** True if at least one model has a known size. */
    public boolean hasSizes() {
        for (double p : parametersB) if (p > 0) return true;
        return false;
    }

    private static double[] unbox(List<Double> xs) { return xs.stream().mapToDouble(Double::doubleValue).toArray(); }

    private static double[] nans(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        return out;
    }
}
