package dev.lightbulb.games.taboo;

import dev.lightbulb.games.PyText;
import dev.lightbulb.games.WordList;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Taboo's text rules: clue/guess cleaning (strip, lower, remove {@code string.punctuation}) and the
 * clue check (split on " ", drop NLTK English stopwords, Snowball English stem, compare with the
 * stems of the target and related words).
 */
public final class TabooRules {
    private TabooRules() {}

    /** The tag a clue must start with (case-sensitive). */
    public static final String CLUE = "CLUE:";
    /** The tag a guess must start with (case-sensitive). */
    public static final String GUESS = "GUESS:";

    private static final String STOPWORDS = "/dev/lightbulb/games/taboo/english_stopwords.txt";
    public static final Set<String> STOPWORD_SET = loadStopwords();

    private static Set<String> loadStopwords() { return Set.copyOf(WordList.resource(STOPWORDS)); }

    /** The tag removed (everywhere, as str.replace), stripped, lowercased, punctuation removed. */
    public static String clean(String utterance, String tag) {
        return PyText.removePunctuation(PyText.strip(utterance.replace(tag, "")).toLowerCase(java.util.Locale.ROOT));
    }

    private static final Pattern VOWEL_DOUBLE = Pattern.compile("[aeiou](bb|dd|ff|gg|mm|nn|pp|rr|tt)");
    private static final Pattern STEP_1B_SUFFIX = Pattern.compile("(ed|edly|ing|ingly)$");

    /**
     * Snowball English (Porter2) stem, as NLTK's SnowballStemmer("english") on a lowercase word.
     * Lucene ships Snowball 2.x, which keeps the double consonant of a vowel-initial three-letter
     * stem after removing -ed/-ing ("added" -> "add", "egging" -> "egg"); the Porter2 version NLTK
     * implements undoubles it ("ad", "eg"). That is the only difference on the 23,958 words checked
     * (SnowballVsNltkTest), and it is undone here.
     */
    public static String stem(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        EnglishStemmer s = new EnglishStemmer();
        s.setCurrent(lower);
        s.stem();
        String stem = s.getCurrent();
        if (!stem.equals(lower) && VOWEL_DOUBLE.matcher(stem).matches() && STEP_1B_SUFFIX.matcher(lower).find())
            stem = stem.substring(0, 2);
        return stem;
    }

    /**
     * The first rule violation of a cleaned clue, worded as clembench logs it, or null: a non-stopword
     * whose stem equals the target's stem (checked first) or a related word's stem.
     */
    public static String violation(String cleanedClue, String target, List<String> related) {
        String targetStem = stem(target);
        for (String w : cleanedClue.split(" ", -1)) {
            if (STOPWORD_SET.contains(w)) continue;
            String ws = stem(w);
            if (targetStem.equals(ws))
                return "Target word '" + target + "' (stem=" + targetStem + ") is similar to clue word '" + w + "' (stem=" + ws + ")";
            for (String r : related) {
                String rs = stem(r);
                if (rs.equals(ws))
                    return "Related word '" + r + "' (stem=" + rs + ") is similar to clue word '" + w + "' (stem=" + ws + ")";
            }
        }
        return null;
    }
}
