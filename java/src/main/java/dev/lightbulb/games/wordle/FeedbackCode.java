package dev.lightbulb.games.wordle;

/**
 * {@link GuessFeedback} as a number, for the solver's inner loops: one base-3 digit per letter (red 0, yellow 1,
 * green 2, the first letter least significant), computed on chars without building strings. Same rule as
 * GuessFeedback, checked against it on random words (FeedbackCodeTest); words of up to 19 letters.
 */
final class FeedbackCode {
    private FeedbackCode() {}

    static final int RED = 0, YELLOW = 1, GREEN = 2;

    /** The code of {@code GuessFeedback.of(guess, target)}; both words have the same length. */
    static int of(String guess, String target) {
        int n = guess.length();
        if (guess.equals(target)) return allGreen(n);
        boolean[] marked = new boolean[n];
        int code = 0, place = 1;
        for (int i = 0; i < n; i++, place *= 3) {
            char letter = guess.charAt(i);
            int at = -1;
            for (int j = 0; j < n; j++)
                if (target.charAt(j) == letter && !marked[j]) { at = j; break; }
            int color;
            if (at < 0) color = RED;
            else if (at == i) { marked[at] = true; color = GREEN; }
            else if (guess.charAt(at) == letter) color = RED;
            else { marked[at] = true; color = YELLOW; }
            code += color * place;
        }
        return code;
    }

    /** The code of a feedback text "s<green> t<yellow> ...". */
    static int parse(String colors) {
        int code = 0, place = 1;
        for (String letter : colors.split(" ")) {
            code += (letter.endsWith("<green>") ? GREEN : letter.endsWith("<yellow>") ? YELLOW : RED) * place;
            place *= 3;
        }
        return code;
    }

    static int allGreen(int length) {
        int code = 0;
        for (int i = 0, place = 1; i < length; i++, place *= 3) code += GREEN * place;
        return code;
    }
}
