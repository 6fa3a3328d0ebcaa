package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.scaling.ScalingData;
import dev.lightbulb.analysis.table.Table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark rows clembench models are mapped to, from ObsScaling-layout tables (the instruct table and
 * the base table): family, training FLOPs, size and the seven instruct-model metrics of the paper's §4.2.
 * The base table calls Winogrande "Winograd" (both are the Open LLM Leaderboard's 5-shot Winogrande).
 * A model name must be unique over all tables.
 */
public final class BenchmarkRows {
    /** The capability metrics: the paper's instruct-model set (no XWinograd, which the instruct table lacks). */
    public static final List<String> METRICS = ScalingData.INSTRUCT_METRICS;

    /**
     * @param metrics the scores in {@link #METRICS} order, NaN where missing
     * @param source  the table the row comes from
     */
    public record Row(String model, String family, double flops, double parametersB, double[] metrics, String source) {}

    private final Map<String, Row> byName;

    private BenchmarkRows(Map<String, Row> byName) { this.byName = byName; }

    public static BenchmarkRows read(List<Table> tables) {
        Map<String, Row> byName = new HashMap<>();
        for (Table t : tables) {
            int model = t.requireColumn("Model");
            int family = t.requireColumn("Model Family");
            int flops = t.requireColumn("FLOPs (1E21)");
            int size = t.requireColumn("Model Size (B)");
            int[] metric = METRICS.stream().mapToInt(m -> m.equals("Winogrande") ? t.requireColumn("Winogrande", "Winograd")
                    : t.requireColumn(m)).toArray();
            for (int r = 0; r < t.rowCount(); r++) {
                String name = t.text(r, model);
                if (name.isEmpty()) throw new LightbulbException(t.where(r, model) + ": model name missing");
                double[] scores = new double[metric.length];
                for (int j = 0; j < metric.length; j++) scores[j] = t.number(r, metric[j]);
                Row row = new Row(name, t.text(r, family), t.number(r, flops), t.number(r, size), scores, t.source());
                Row before = byName.putIfAbsent(name, row);
                if (before != null) {
                    throw new LightbulbException(t.where(r, model) + ": model '" + name + "' already has a row in " + before.source());
                }
            }
        }
        return new BenchmarkRows(byName);
    }

    public Optional<Row> find(String model) { return Optional.ofNullable(byName.get(model)); }
}
