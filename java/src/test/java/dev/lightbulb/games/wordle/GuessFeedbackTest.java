package dev.lightbulb.games.wordle;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Wordle's letter feedback is clembench v1.6's (clemcore@e99b0336, games/wordle/utils/guessvalidator.py),
 * not the repeated-letter rule clembench adopted in February 2025. The expected strings are what that
 * guessvalidator returns for each (target, guess); the first three are issue 11's worked examples.
 */
class GuessFeedbackTest {

    @ParameterizedTest(name = "target {0}, guess {1}")
    @CsvSource(delimiter = '|', textBlock = """
            boost | stoop | s<yellow> t<yellow> o<yellow> o<red> p<red>
            geese | eagle | e<yellow> a<red> g<yellow> l<red> e<yellow>
            teeth | there | t<green> h<yellow> e<yellow> r<red> e<red>
            start | stars | s<green> t<green> a<green> r<green> s<red>
            abbey | babes | b<yellow> a<yellow> b<green> e<green> s<red>
            speed | erase | e<yellow> r<red> a<red> s<yellow> e<yellow>
            llama | hello | h<red> e<red> l<yellow> l<yellow> o<red>
            sassy | asses | a<yellow> s<yellow> s<green> e<red> s<yellow>
            eerie | geese | g<red> e<yellow> e<red> s<red> e<red>
            mummy | mamma | m<green> a<red> m<green> m<green> a<red>
            apple | paper | p<yellow> a<yellow> p<green> e<yellow> r<red>
            crane | nanny | n<red> a<yellow> n<red> n<green> y<red>
            robot | motto | m<red> o<green> t<yellow> t<red> o<yellow>
            level | eerie | e<red> e<green> r<red> i<red> e<yellow>
            might | light | l<red> i<green> g<green> h<green> t<green>
            might | thick | t<yellow> h<yellow> i<yellow> c<red> k<red>
            third | druid | d<red> r<yellow> u<red> i<yellow> d<green>
            eagle | eagle | e<green> a<green> g<green> l<green> e<green>
            """)
    void marksRepeatedLettersAsClembenchV16(String target, String guess, String feedback) {
        assertEquals(feedback, GuessFeedback.of(guess, target));
    }
}
