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
            for (int shown = 1; shown <= 3; shown++) {
                SpellingClue clue = SpellingClue.of(target, shown);
                String said = clue.render(target, related);
                assertNull(TabooRules.violation(TabooRules.clean(said, TabooRules.CLUE), target, related), said);
                assertTrue(said.startsWith(TabooRules.CLUE), said);
                assertEquals(List.of(clue), SpellingClue.parseAll("hint\n\n" + said), said);
                assertTrue(clue.matches(target), said);
                assertTrue(clue.prefix().length() < target.length(), "never the whole word spelt out: " + said);
            }
    }

    @Test
    void aClueSaysLengthFirstLettersAndLastLetter() {
        SpellingClue clue = SpellingClue.of("Transit", 2);
        assertEquals(new SpellingClue(7, "tr", "t"), clue);
        assertEquals("CLUE: 7 letters, starting with t r, ending with t.", clue.render("transit", List.of("transport", "cross")));
        assertEquals("CLUE: 7 characters, starting with t r, ending with t.", clue.render("transit", List.of("letters")));
        assertFalse(clue.matches("tribute"));
        assertTrue(clue.matches("trumpet"));
    }
}
