package dev.lightbulb.games.transcript;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatexTextTest {
    private static final Map<String, Character> COMMANDS = Map.ofEntries(
            Map.entry("\\textbackslash{}", '\\'), Map.entry("\\{", '{'), Map.entry("\\}", '}'), Map.entry("\\$", '$'),
            Map.entry("\\&", '&'), Map.entry("\\#", '#'), Map.entry("\\%", '%'), Map.entry("\\_", '_'),
            Map.entry("\\textasciicircum{}", '^'), Map.entry("\\textasciitilde{}", '~'), Map.entry("\\textless{}", '<'),
            Map.entry("\\textgreater{}", '>'), Map.entry("\\textbar{}", '|'));

    /** The text an escaped string prints: every command back to its character, every line break back to a new line. */
    static String unescape(String tex) {
        StringBuilder out = new StringBuilder();
        next:
        for (int i = 0; i < tex.length(); ) {
            if (tex.startsWith(LatexText.LINE_BREAK, i)) {
                out.append('\n');
                i += LatexText.LINE_BREAK.length();
                continue;
            }
            for (Map.Entry<String, Character> c : COMMANDS.entrySet())
                if (tex.startsWith(c.getKey(), i)) {
                    out.append(c.getValue());
                    i += c.getKey().length();
                    continue next;
                }
            if (tex.charAt(i) == '\\') throw new AssertionError("a backslash that is no escape at " + i + ": " + tex);
            out.append(tex.charAt(i++));
        }
        return out.toString();
    }

    @Test
    void everySpecialCharacterPrintsAsItself() {
        String hostile = "\\end{document} $x^2$ 50% & #1 _a_ ~b~ <i>|</i>\n\\input{/etc/passwd}";
        String tex = LatexText.escape(hostile);
        assertEquals(hostile, unescape(tex));
        assertFalse(tex.contains("\\end{document}") || tex.contains("\\input{"), tex);
        assertTrue(tex.contains(LatexText.LINE_BREAK));
    }

    @Test
    void randomTextRoundTripsAndLeavesNoActiveCharacter() {
        Random rng = new Random(3);
        String alphabet = "ab \n\\{}$&#%_^~<>|[]*'\"é\u00a0";
        for (int k = 0; k < 500; k++) {
            StringBuilder s = new StringBuilder();
            for (int i = rng.nextInt(40); i > 0; i--) s.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            String tex = LatexText.escape(s.toString());
            assertEquals(s.toString(), unescape(tex));
            // outside the commands we wrote, no character LaTeX would act on is left
            String rest = tex.replace(LatexText.LINE_BREAK, "");
            for (String c : COMMANDS.keySet()) rest = rest.replace(c, "");
            assertFalse(rest.matches("(?s).*[\\\\{}$&#%_^~].*"), tex);
        }
    }

    @Test
    void controlCharactersAreDroppedAndTabsBecomeSpaces() {
        assertEquals("a b", LatexText.escape("a\tb\u0000\u007f"));
    }
}
