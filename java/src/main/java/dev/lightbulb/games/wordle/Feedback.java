package dev.lightbulb.games.wordle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One guess and the letter feedback it got, read back from a "guess_feedback: s<green> t<yellow> ..." line (the
 * feedback spells the guess, so the line alone says both).
 *
 * @param colors the feedback as written
 * @param code   the same as a {@link FeedbackCode}
 */
record Feedback(String guess, String colors, int code) {
    private static final Pattern LINE = Pattern.compile("guess_feedback: ((?:[a-z]<(?:green|yellow|red)>)(?: [a-z]<(?:green|yellow|red)>)*)");
    private static final Pattern LETTER = Pattern.compile("([a-z])<(?:green|yellow|red)>");

    /** Every feedback line in these game master messages, in order. */
    static List<Feedback> readAll(List<String> messages) {
        List<Feedback> out = new ArrayList<>();
        for (String message : messages) {
            Matcher m = LINE.matcher(message);
            while (m.find()) {
                StringBuilder guess = new StringBuilder();
                Matcher letter = LETTER.matcher(m.group(1));
                while (letter.find()) guess.append(letter.group(1));
                out.add(new Feedback(guess.toString(), m.group(1), FeedbackCode.parse(m.group(1))));
            }
        }
        return out;
    }

    /** Whether {@code target} would have given this feedback: the target is still possible. */
    boolean admits(String target) {
        return target.length() == guess.length() && FeedbackCode.of(guess, target) == code;
    }
}
