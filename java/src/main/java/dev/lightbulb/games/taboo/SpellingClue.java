package dev.lightbulb.games.taboo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The taboo experts' clue: how long the target is, its first letters and its last letter, each letter spelt
 * out alone ("CLUE: 14 letters, starting with r e, ending with y."). A single letter never shares a stem with
 * a real word, so only the three frame words could break the rules; {@link #render} tries other wordings of
 * them until the clue passes the game's own check.
 *
 * @param length the target's length in letters
 * @param prefix its first letters (at least one)
 * @param suffix its last letters (at least one)
 */
record SpellingClue(int length, String prefix, String suffix) {
    private static final List<String> UNITS = List.of("letters", "characters", "symbols");
    private static final List<String> STARTS = List.of("starting", "beginning", "opening");
    private static final List<String> ENDS = List.of("ending", "finishing", "closing");
    private static final Pattern PARSE = Pattern.compile(
            "(\\d+) [a-z]+, [a-z]+ with ((?:[a-z] )*[a-z]), [a-z]+ with ((?:[a-z] )*[a-z])\\.");

    /**
     * The clue for a target: {@code shown} first letters and the last letter, but never more than all letters save two
     * (at least the first letter), so that a clue keeps a letter back (a word of two letters has none to keep).
     */
    static SpellingClue of(String target, int shown) {
        String word = target.toLowerCase(Locale.ROOT);
        return new SpellingClue(word.length(), word.substring(0, Math.max(1, Math.min(shown, word.length() - 2))),
                word.substring(word.length() - 1));
    }

    /**
     * The clue utterance in the first wording whose words share no stem with the target or a related word
     * (TabooRules.violation), or in the first wording when none passes.
     */
    String render(String target, List<String> related) {
        List<String> wordings = new ArrayList<>();
        for (String unit : UNITS)
            for (String start : STARTS)
                for (String end : ENDS)
                    wordings.add(TabooRules.CLUE + " " + length + " " + unit + ", " + start + " with " + spelt(prefix)
                            + ", " + end + " with " + spelt(suffix) + ".");
        for (String w : wordings)
            if (TabooRules.violation(TabooRules.clean(w, TabooRules.CLUE), target, related) == null) return w;
        return wordings.getFirst();
    }

    private static String spelt(String letters) { return String.join(" ", letters.split("")); }

    /** Every clue of this form in a text (a guesser's conversation), in order. */
    static List<SpellingClue> parseAll(String text) {
        List<SpellingClue> out = new ArrayList<>();
        Matcher m = PARSE.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find())
            out.add(new SpellingClue(Integer.parseInt(m.group(1)), m.group(2).replace(" ", ""), m.group(3).replace(" ", "")));
        return out;
    }

    boolean matches(String word) {
        return word.length() == length && word.startsWith(prefix) && word.endsWith(suffix);
    }
}
