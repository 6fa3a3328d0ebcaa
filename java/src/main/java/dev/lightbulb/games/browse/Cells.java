package dev.lightbulb.games.browse;

import java.util.Locale;

/** How the browser's tables write numbers: two decimals; a dash where a value is undefined (NaN) or unknown (< 0). */
final class Cells {
    private Cells() {}

    static String score(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v); }

    static String signed(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v); }

    static String count(long v) { return v < 0 ? "–" : Long.toString(v); }

    /** A sortable cell's value: the number, or empty (sorted first) where undefined. */
    static String sortValue(double v) { return Double.isNaN(v) || v < 0 ? "" : Double.toString(v); }
}
