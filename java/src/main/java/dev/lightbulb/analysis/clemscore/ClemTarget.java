package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.analysis.characteristics.ClemResult;

import java.util.function.ToDoubleFunction;

/** The three clembench aggregates fitted, each on [0, 100] and fitted as a fraction (÷ 100). */
public enum ClemTarget {
    CLEMSCORE("clemscore", "clemscore", ClemResult::clemscore),
    PLAYED("played", "% played", ClemResult::played),
    QUALITY("quality", "quality score", ClemResult::quality);

    private final String key;
    private final String label;
    private final ToDoubleFunction<ClemResult> points;

    ClemTarget(String key, String label, ToDoubleFunction<ClemResult> points) {
        this.key = key;
        this.label = label;
        this.points = points;
    }

    /** The name in fit.json, predictions.csv and file names. */
    public String key() { return key; }

    public String label() { return label; }

    /** The value in points (0-100; NaN when the table has none). */
    public double points(ClemResult r) { return points.applyAsDouble(r); }
}
