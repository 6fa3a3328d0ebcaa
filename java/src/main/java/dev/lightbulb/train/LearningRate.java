package dev.lightbulb.train;

/**
 * The learning-rate schedule: linear warm-up from 0 to {@code peak} over {@code warmup} steps, then cosine decay to
 * {@code peak · minRatio} at the last step (the schedule of Hugging Face's {@code get_cosine_schedule_with_warmup},
 * with a floor).
 */
public record LearningRate(double peak, int warmup, int steps, double minRatio) {
    public LearningRate {
        if (!(peak > 0) || !Double.isFinite(peak)) throw new IllegalArgumentException("learning rate must be > 0, got " + peak);
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (warmup < 0 || warmup > steps) throw new IllegalArgumentException("warm-up must be in 0.." + steps + ", got " + warmup);
    }

    /** The rate of step {@code step} (1-based). */
    public double at(int step) {
        if (step <= warmup) return peak * step / warmup;
        double progress = steps == warmup ? 1 : (double) (step - warmup) / (steps - warmup);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
