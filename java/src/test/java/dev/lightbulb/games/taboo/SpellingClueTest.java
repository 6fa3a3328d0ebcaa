package dev.lightbulb.games.taboo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SpellingClueTest {

    /** Related words that take away the first wording of every frame word still leave a clue that keeps the rules. */
    @Test
    void everyTargetGetsARuleAbidingClueThatTheGuesserReadsBack() {
        List<String> related = List.of("letter", "start", "end");
        for (String target : TargetWords.BY_FREQUENCY)
            for (int shown = 2; shown <= 4; shown++) {
                SpellingClue clue = SpellingClue.of(target, shown);
                String said = clue.render(target, related);
                assertNull(TabooRules.violation(TabooRules.clean(said, TabooRules.CLUE), target, related), said);
                assertTrue(said.startsWith(TabooRules.CLUE), said);
                assertEquals(List.of(clue), SpellingClue.parseAll("hint\n\n" + said), said);
                assertTrue(clue.matches(target), said);
                // a two-letter word has no letter to keep back: its first and last letters are all of it
                if (target.length() > 2)
                    assertTrue(clue.prefix().length() + clue.suffix().length() < target.length(), "never the whole word spelt out: " + said);
            }
    }

    @Test
    void aClueSaysLengthFirstLettersAndLastLetter() {
        SpellingClue clue = SpellingClue.of("Transit", 2);
        assertEquals(new SpellingClue(7, "tr", "t"), clue);
        assertEquals("CLUE: 7 letters, starting with t r, ending with t.", clue.render("transit", List.of("transport", "cross")));
        assertEquals("CLUE: 7 characters, starting with t r, ending with t.", clue.render("transit", List.of("letters")));
        assertFalse(clue.matches("tribute"));
        assertEquals(new SpellingClue(3, "b", "y"), SpellingClue.of("boy", 2), "a short word keeps a letter unsaid");
        assertTrue(clue.matches("trumpet"));
    }
}
