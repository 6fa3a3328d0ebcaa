package dev.lightbulb.games;

import dev.lightbulb.games.imagegame.GridScore;
import dev.lightbulb.games.taboo.TabooRules;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyTextTest {
    @Test
    void pythonRoundIsHalfEvenOnTheExactBinaryValue() {
        assertEquals(2.67, PyText.round(2.675, 2));   // 2.675 is 2.67499999... in binary
        assertEquals(0.0, PyText.round(0.5, 0));
        assertEquals(2.0, PyText.round(1.5, 0));
        assertEquals(33.37, PyText.round(33.365, 2)); // Python builtin round
        assertEquals(33.36, PyText.npRound(33.365, 2)); // numpy / pandas round
        assertTrue(Double.isNaN(PyText.round(Double.NaN, 2)));
    }

    /** Reference: decimal string of the exact value, then a textbook half-even decision. */
    @Test
    void roundMatchesASlowDecimalReferenceOnRandomInputs() {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            double x = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(6));
            int d = r.nextInt(5);
            String exact = new BigDecimal(x).toPlainString();
            BigDecimal scaled = new BigDecimal(exact).movePointRight(d);
            BigDecimal floor = new BigDecimal(scaled.toBigInteger());
            BigDecimal frac = scaled.subtract(floor).abs();
            int cmp = frac.compareTo(new BigDecimal("0.5"));
            BigDecimal away = floor.add(BigDecimal.valueOf(scaled.signum()));
            BigDecimal chosen = cmp < 0 ? floor : cmp > 0 ? away
                    : (floor.toBigInteger().testBit(0) ? away : floor);
            assertEquals(chosen.movePointLeft(d).doubleValue(), PyText.round(x, d), x + " @" + d);
        }
    }

    @Test
    void stripAndPunctuationAsPython() {
        assertEquals("a b", PyText.strip("\u00a0\u2003 a b\u3000\u001c\n"));
        assertEquals("x\u200b", PyText.strip(" x\u200b ")); // zero-width space is not whitespace in Python
        assertEquals("its a test", PyText.removePunctuation("it's a test!"));
        assertTrue(PyText.isAlpha("crâne"));
        assertFalse(PyText.isAlpha("cran3"));
        assertFalse(PyText.isAlpha(""));
    }

    /** NLTK SnowballStemmer("english") outputs for the words the golden taboo instances stem. */
    @Test
    void snowballStemsAsNltk() {
        String[][] cases = {{"responsibility", "respons"}, {"obligation", "oblig"}, {"reliability", "reliabl"},
                {"designation", "design"}, {"seize", "seiz"}, {"generously", "generous"}, {"running", "run"},
                {"dying", "die"}, {"news", "news"}, {"skies", "sky"}, {"blame", "blame"}};
        for (String[] c : cases) assertEquals(c[1], TabooRules.stem(c[0]), c[0]);
        // every stem the bundled taboo instances store agrees with our stemmer
        for (var exp : GameInstances.bundled("taboo").experiments())
            for (var inst : exp.get("game_instances")) {
                assertEquals(inst.get("target_word_stem").asText(), TabooRules.stem(inst.get("target_word").asText()));
            }
    }

    @Test
    void tabooClueCheckUsesStemsAndSkipsStopwords() {
        assertTrue(TabooRules.violation("being responsible matters", "responsibility", List.of("blame")) != null);
        assertEquals("Related word 'blame' (stem=blame) is similar to clue word 'blamed' (stem=blame)",
                TabooRules.violation("who is to blamed", "responsibility", List.of("blame")));
        assertFalse(TabooRules.violation("the duty one has", "responsibility", List.of("blame", "obligation")) != null);
    }

    /** Python's \\s is str.isspace(): it also matches U+001C..U+001F, which Java's \\s does not. */
    @Test
    void pythonRegexSpacesIncludeTheInformationSeparators() {
        assertTrue(PyRegex.compile("^expression:\\s(?P<content>.+)", true, "t").matcher("Expression:\u001cfoo").lookingAt());
        assertFalse(PyRegex.compile("\\S", false, "t").matcher("\u001c").lookingAt());
        assertTrue(PyRegex.compile("[\\s]", false, "t").matcher("\u001f").lookingAt());
        assertTrue(PyRegex.compile("\\s", false, "t").matcher("\u00a0").lookingAt());
        assertFalse(PyRegex.compile("\\\\s", false, "t").matcher(" ").lookingAt()); // an escaped backslash, then s
    }

    /** Floats in raw.csv as pandas writes them (Python's repr; expected strings from CPython). */
    @Test
    void floatsAsPythonRepr() {
        double[] in = {1e-05, 0.0001, 1e16, 9999999999999998.0, 123456789012345678.0, 0.1, 100.0, 1.5, -2.5e-07, 33.33,
                2.0 / 3, 1e22, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 12345.678};
        String[] out = {"1e-05", "0.0001", "1e+16", "9999999999999998.0", "1.2345678901234568e+17", "0.1", "100.0", "1.5",
                "-2.5e-07", "33.33", "0.6666666666666666", "1e+22", "5e-324", "1.7976931348623157e+308", "-0.0", "12345.678"};
        for (int i = 0; i < in.length; i++) assertEquals(out[i], PyText.floatRepr(in[i]), "repr of " + in[i]);
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double x = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(x)) continue;
            assertEquals(x, Double.parseDouble(PyText.floatRepr(x)), "reads back: " + x);
        }
    }

    @Test
    void gridScoresAsClembenchEvaluator() {
        String target = "▢ ▢ ▢ ▢ B\n▢ ▢ ▢ B ▢\n▢ ▢ B ▢ ▢\n▢ B ▢ ▢ ▢\nB B B B B\n";
        assertArrayEquals(new double[]{100, 100, 100}, GridScore.evaluate(target, target.toLowerCase()));
        assertArrayEquals(new double[]{0, 0, 0}, GridScore.evaluate(target, "▢ ▢\n▢ ▢"));
        // 4 of 9 cells drawn, all right: P=1, R=0.4444 -> F1 0.6154 -> 62
        assertArrayEquals(new double[]{100, 44, 62},
                GridScore.evaluate(target, "▢ ▢ ▢ ▢ B\n▢ ▢ ▢ B ▢\n▢ ▢ B ▢ ▢\n▢ B ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢"));
        assertNull(GridScore.evaluate(target, "▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢"));
        assertEquals(9, GridScore.changedCells(target, "▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢"));
        assertNull(GridScore.changedCells(target, "▢ ▢"));
    }
}
