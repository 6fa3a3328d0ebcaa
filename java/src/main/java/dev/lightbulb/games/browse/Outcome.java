package dev.lightbulb.games.browse;

import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.Scores;

/**
 * How an episode ended, as the browser and the comparison show it: from its scores.json (clembench's Aborted,
 * Success, Lose), or failed (the run recorded a player's failure; no scores), or unscored (no scores.json).
 */
public enum Outcome {
    SUCCESS, LOSE, ABORTED, PLAYED, FAILED, UNSCORED;

    /** The name pages show and filter on. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** @param failed the run's failure note was present; @param scores null without scores.json */
    public static Outcome of(boolean failed, Scores scores) {
        if (failed) return FAILED;
        if (scores == null) return UNSCORED;
        if (is(scores, Metrics.ABORTED)) return ABORTED;
        if (is(scores, Metrics.SUCCESS)) return SUCCESS;
        if (is(scores, Metrics.LOSE)) return LOSE;
        return PLAYED;
    }

    private static boolean is(Scores s, String metric) {
        Number v = s.episode().get(metric);
        return v != null && v.doubleValue() == 1;
    }
}
