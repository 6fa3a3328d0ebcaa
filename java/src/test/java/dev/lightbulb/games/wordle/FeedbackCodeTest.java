package dev.lightbulb.games.wordle;

import dev.lightbulb.games.WordList;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The solver's numeric feedback against the reference {@link GuessFeedback}, on random words. */
class FeedbackCodeTest {

    @Test
    void agreesWithGuessFeedbackOnRandomAllowedWords() {
        List<String> words = WordList.resource("/dev/lightbulb/games/wordle/allowed_words.txt");
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String guess = words.get(random.nextInt(words.size())), target = words.get(random.nextInt(words.size()));
            check(guess, target);
        }
    }

    /** Few letters, many repeats: the duplicate-letter rule is where a second implementation would go wrong. */
    @Test
    void agreesWithGuessFeedbackOnWordsOfRepeatedLetters() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            int length = 1 + random.nextInt(7);
            check(word(random, length), word(random, length));
        }
        check("stars", "start");
        check("boost", "stoop");
    }

    private static String word(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) s.append("abc".charAt(random.nextInt(3)));
        return s.toString();
    }

    private static void check(String guess, String target) {
        String reference = GuessFeedback.of(guess, target);
        assertEquals(FeedbackCode.parse(reference), FeedbackCode.of(guess, target), guess + " vs " + target + ": " + reference);
    }
}
