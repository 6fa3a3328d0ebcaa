package dev.lightbulb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text from a user's file in an error message: short, quoted, nothing unprintable. */
class ExcerptTest {
    @Test
    void shortPrintableTextIsQuotedAsItIs() {
        assertEquals("'llama'", Excerpt.quote("llama"));
        assertEquals("'▁the <|im_end|> 日本'", Excerpt.quote("▁the <|im_end|> 日本"));
        assertEquals("'it\\'s a \\\\'", Excerpt.quote("it's a \\"));
        assertEquals("null", Excerpt.quote(null));
    }

    @Test
    void controlFormatAndBrokenCharactersAreEscaped() {
        assertEquals("'\\x1b[31mred\\x00\\x0a'", Excerpt.quote("\u001b[31mred\u0000\n"));
        assertEquals("'\\u202e\\ufffd\\ud800'", Excerpt.quote("\u202e\ufffd\ud800"));    // bidi override, replacement, lone surrogate
        assertEquals("'\\U000f0000'", Excerpt.quote(new String(Character.toChars(0xF0000))));  // private use
    }

    @Test
    void longTextIsCutAndCounted() {
        String q = Excerpt.quote("x".repeat(10_000));
        assertEquals("'" + "x".repeat(Excerpt.MAX_CHARS) + "'... (10000 characters)", q);
        String m = Excerpt.message("Unrecognized token '" + "\u0001".repeat(5000) + "'\n at [Source: line 1]");
        assertTrue(m.startsWith("Unrecognized token '\\x01\\x01") && m.endsWith("..."), m);
        assertTrue(m.length() < 4 * Excerpt.MAX_MESSAGE_CHARS + 3 && !m.contains("Source"), m);
    }
}
