package dev.lightbulb.games;

/** clembench's common metric names (clemgame/metrics.py) and how every game logs them. */
public final class Metrics {
    private Metrics() {}

    public static final String ABORTED = "Aborted";
    public static final String LOSE = "Lose";
    public static final String SUCCESS = "Success";
    public static final String REQUEST_COUNT = "Request Count";
    public static final String PARSED = "Parsed Request Count";
    public static final String VIOLATED = "Violated Request Count";
    public static final String REQUEST_SUCCESS = "Request Success Ratio";
    public static final String MAIN_SCORE = "Main Score";

    /**
     * NaN where a score is undefined, else the value with its own type: clembench writes a Python int
     * as an integer and a float as a float, and so do we (a {@code cond ? NaN : 0} in Java would
     * silently make every 0 a 0.0).
     */
    public static Number nanOr(boolean undefined, Number value) {
        return undefined ? Double.NaN : value;
    }

    public static void outcome(Scores s, boolean aborted, boolean lose, boolean success) {
        s.episode(ABORTED, aborted ? 1 : 0);
        s.episode(LOSE, lose ? 1 : 0);
        s.episode(SUCCESS, success ? 1 : 0);
    }

    /** Request counts and the ratio parsed/count (NaN when nothing was asked). */
    public static void requests(Scores s, int count, int parsed, int violated) {
        s.episode(REQUEST_COUNT, count);
        s.episode(PARSED, parsed);
        s.episode(VIOLATED, violated);
        s.episode(REQUEST_SUCCESS, count == 0 ? Double.NaN : (double) parsed / count);
    }
}
