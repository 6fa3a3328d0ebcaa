package dev.lightbulb.analysis.scaling;

import dev.lightbulb.LightbulbException;

/**
 * The target's min-max scaling {@code (y − low)/(high − low)} (the reference's {@code minmax_norm} with a
 * {@code y_metric_range}): [random, 1] for a benchmark with a chance level, [0, 10] for AgentBench's overall
 * score, [0, 100] for percentages such as AgentBoard's success rate or clembench's scores.
 */
public record TargetScale(double low, double high) {
    public static final TargetScale IDENTITY = new TargetScale(0, 1);

    public TargetScale {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(high > low)) {
            throw new LightbulbException("the target range must be two numbers LOW < HIGH, got [" + low + ", " + high + "]");
        }
    }

    /** [r, 1]: chance level r maps to 0, a perfect score to 1. */
    public static TargetScale fromRandomBaseline(double r) {
        if (!(r < 1) || !Double.isFinite(r)) throw new LightbulbException("--random-baseline must be a number below 1, got " + r);
        return new TargetScale(r, 1);
    }

    public double apply(double y) { return (y - low) / (high - low); }

    /** Back to the table's own units. */
    public double invert(double scaled) { return low + scaled * (high - low); }
}
