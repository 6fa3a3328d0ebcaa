package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.text.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each game's rules on scripted answers: reprompts, retry limits, aborts, losses, wins. */
class GameRulesTest {

    record Played(EpisodeRecord record, Scores scores) {
        List<String> sent() {
            List<String> out = new ArrayList<>();
            for (JsonNode t : record.interactions().get("turns"))
                for (JsonNode e : t)
                    if (e.path("action").path("type").asText().matches("send message|probe question"))
                        out.add(e.path("action").path("content").asText());
            return out;
        }

        Number episode(String name) { return scores.episode().get(name); }
    }

    static Played play(String game, String experiment, int index, List<String>... answers) {
        Game g = Games.byName(game);
        GameInstances inst = GameInstances.bundled(game);
        List<ChatModel> models = new ArrayList<>();
        for (List<String> a : answers) models.add(new ReplayModel("scripted", a));
        GameMaster m = g.master(inst.experiment(experiment), inst.instance(experiment, index), models);
        m.play();
        for (ChatModel model : models) assertEquals(0, ((ReplayModel) model).remaining(), "unused scripted answers");
        return new Played(m.record(), g.score(m.record().interactions(), inst.experiment(experiment), inst.instance(experiment, index)));
    }

    // wordle high_frequency episode_0: target "start"

    @Test
    void wordleAbortsAfterTwoReprompts() {
        Played p = play("wordle", "high_frequency_words_no_clue_no_critic", 0,
                List.of("no idea", "guess: ab1de\nexplanation: x", "guess: toolong\nexplanation: x"));
        List<String> sent = p.sent();
        assertEquals("Provide your response only in this format:\nguess:word\nexplanation:details.\nPlease try again", sent.get(1));
        assertEquals("the word should contain only alphabets. Please try again", sent.get(2));
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals(3, p.episode(Metrics.REQUEST_COUNT).intValue());
        assertEquals(0, p.episode(Metrics.PARSED).intValue());
        assertTrue(Double.isNaN(p.episode(Metrics.MAIN_SCORE).doubleValue()));
        assertTrue(Double.isNaN(p.episode("repeats guess").doubleValue()));
        assertTrue(Double.isNaN(p.scores.turns().get("1").get("closeness score").doubleValue()));
    }

    @Test
    void wordleUnknownWordsCountAsParsedAndAllowFiveReprompts() {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) answers.add("guess: zzzzz\nexplanation: try");
        Played p = play("wordle", "high_frequency_words_no_clue_no_critic", 0, answers);
        assertEquals("your guess is not a valid word for this game. Please try again", p.sent().get(1));
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals(6, p.episode(Metrics.REQUEST_COUNT).intValue());
        assertEquals(6, p.episode(Metrics.PARSED).intValue());
    }

    @Test
    void wordleRetriesDoNotUseAttemptsAndScoreBySpeed() {
        Played p = play("wordle", "high_frequency_words_no_clue_no_critic", 0, List.of(
                "guess: crane\nexplanation: a", "guess: hit\nexplanation: b", "guess: stars\nexplanation: c",
                "guess: start\nexplanation: d"));
        assertEquals("guess_feedback: c<red> r<yellow> a<green> n<red> e<red>", p.sent().get(1));
        assertEquals("guess_feedback: s<green> t<green> a<green> r<green> s<red>", p.sent().get(3));
        assertEquals(1, p.episode(Metrics.SUCCESS).intValue());
        assertEquals(100, p.episode(Metrics.MAIN_SCORE).intValue()); // 3 valid guesses
        assertEquals(4, p.episode(Metrics.REQUEST_COUNT).intValue());
        assertEquals(0.75, p.episode(Metrics.REQUEST_SUCCESS).doubleValue());
        assertEquals(2, p.scores.turns().get("2").get(Metrics.REQUEST_COUNT).intValue());
    }

    @Test
    void wordleWithCriticConsultsTheCriticOncePerAttempt() {
        Played p = play("wordle_withcritic", "high_frequency_words_clue_with_critic", 0,
                List.of("guess: begin\nexplanation: embark", "guess: start\nexplanation: sure"),
                List.of("agreement: no\nexplanation: not quite"));
        List<String> sent = p.sent();
        assertTrue(sent.get(1).endsWith("clue:embark\nguess:begin\nexplanation:embark\n"));
        assertEquals("clue:embark\nguess_agreement:no\nagreement_explanation:not quite\n", sent.get(2));
        assertEquals(1, p.episode(Metrics.SUCCESS).intValue());
        assertEquals(1.0, p.episode("Non-Repetition-Guesser-On-Critic-Disagreement").doubleValue());
        assertEquals(1, p.scores.turns().get("1").get("change_of_opinion").intValue());
    }

    /** clembench's wordle catches a context overflow: the request counts, the reply is "CONTEXT_EXCEEDED_ERROR", the game aborts. */
    @Test
    void wordleContextOverflowIsARecordedAbortedRequest() {
        ChatModel full = new ChatModel() {
            @Override public String name() { return "full"; }
            @Override public Reply respond(List<ChatMessage> messages) {
                throw new ContextExceededException("4096 tokens");
            }
        };
        GameInstances inst = GameInstances.bundled("wordle");
        String exp = "high_frequency_words_no_clue_no_critic";
        GameMaster m = Games.byName("wordle").master(inst.experiment(exp), inst.instance(exp, 0), List.of(full));
        m.play();
        Played p = new Played(m.record(), Games.byName("wordle").score(m.record().interactions(), inst.experiment(exp), inst.instance(exp, 0)));
        List<String> types = new ArrayList<>();
        for (JsonNode e : p.record.interactions().get("turns").get(0)) types.add(e.path("action").path("type").asText());
        assertEquals(List.of("send message", "get message", "parse", "metadata", "invalid format", "metadata"), types);
        assertEquals("CONTEXT_EXCEEDED_ERROR", p.record.interactions().get("turns").get(0).get(1).path("action").path("content").asText());
        assertEquals(1, p.record.requests().size());
        assertEquals("Context Exceeded Error", p.record.requests().get(0).path("raw_response_obj").asText());
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals(1, p.episode(Metrics.REQUEST_COUNT).intValue());
        assertEquals(0, p.episode(Metrics.PARSED).intValue());
        assertEquals(0.0, p.episode(Metrics.REQUEST_SUCCESS).doubleValue());
    }

    /** A recorded context overflow replays as one: the reply text alone aborts the game. */
    @Test
    void wordleReplyCarryingTheContextErrorAbortsAtOnce() {
        Played p = play("wordle", "high_frequency_words_no_clue_no_critic", 0, List.of("CONTEXT_EXCEEDED_ERROR"));
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals(1, p.episode(Metrics.REQUEST_COUNT).intValue());
    }

    /** clembench resets the guesser's retry budget at every parsed guess, also the one the critic then judges. */
    @Test
    void wordleWithCriticRetryBudgetRestartsAfterEachParsedGuess() {
        Played p = play("wordle_withcritic", "high_frequency_words_clue_with_critic", 0,
                List.of("no format", "guess: begin\nexplanation: x", "no format", "still none", "guess: start\nexplanation: y"),
                List.of("agreement: no\nexplanation: not quite"));
        assertEquals(0, p.episode(Metrics.ABORTED).intValue());
        assertEquals(1, p.episode(Metrics.SUCCESS).intValue());
    }

    /** A critic that never answers in format is cut off after the retry bound; its error is logged as clembench's branch does. */
    @Test
    void wordleWithCriticAbortsOnACriticThatNeverAnswersInFormat() {
        Played p = play("wordle_withcritic", "high_frequency_words_clue_with_critic", 0,
                List.of("guess: begin\nexplanation: x"), List.of("sure", "yes", "fine"));
        JsonNode turn = p.record.interactions().get("turns").get(0);
        List<String> types = new ArrayList<>();
        for (JsonNode e : turn) types.add(e.path("action").path("type").asText());
        assertTrue(types.contains("error"), types.toString());
        JsonNode data = turn.get(turn.size() - 1).path("action").path("data_for_computation");
        assertEquals("INVALID_FORMAT", data.path("critic_error").asText());
        assertEquals(2, data.path("critic retry count").asInt());
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals(4, p.episode(Metrics.REQUEST_COUNT).intValue());
    }

    // taboo high_en episode_0: target "responsibility", related blame/obligation/reliability

    @Test
    void tabooClueWithARelatedWordLoses() {
        Played p = play("taboo", "high_en", 0, List.of("CLUE: Who is to blame?"), List.of());
        assertEquals(0, p.episode(Metrics.ABORTED).intValue());
        assertEquals(1, p.episode(Metrics.LOSE).intValue());
        assertEquals(0, p.episode(Metrics.MAIN_SCORE).intValue());
        JsonNode last = p.record.interactions().get("turns").get(0);
        assertEquals("Related word 'blame' (stem=blame) is similar to clue word 'blame' (stem=blame)",
                last.get(last.size() - 1).path("action").path("content").asText());
    }

    @Test
    void tabooThreeWrongGuessesLose() {
        Played p = play("taboo", "high_en", 0,
                List.of("CLUE: duty", "CLUE: being accountable", "CLUE: answerable"),
                List.of("GUESS: duty", "GUESS: accountability", "GUESS: Task."));
        assertEquals(List.of("GUESS: duty", "GUESS: accountability"), p.sent().subList(2, 5).stream()
                .filter(m -> m.startsWith("GUESS")).toList());
        assertEquals(1, p.episode(Metrics.LOSE).intValue());
        assertEquals(3, p.episode(Metrics.REQUEST_COUNT).intValue());
    }

    // referencegame letter_grids episode_3: target "first"

    @Test
    void referencegameNeedsASingleLineAndRescoresLiberally() {
        Played aborted = play("referencegame", "letter_grids", 3, List.of("Expression: a\nmore"), List.of());
        assertEquals(1, aborted.episode("Aborted at Player 1").intValue());
        assertTrue(Double.isNaN(aborted.episode(Metrics.MAIN_SCORE).doubleValue()));
        Played liberal = play("referencegame", "letter_grids", 3, List.of("Expression: top row full"),
                List.of("Answer: first\nBecause the top row is full."));
        assertEquals("invalid format", liberal.record.interactions().get("turns").get(0).get(5).path("action").path("type").asText());
        assertEquals(0, liberal.episode(Metrics.ABORTED).intValue());
        assertEquals(100, liberal.episode(Metrics.MAIN_SCORE).intValue());
    }

    /** clembench's scorer order and Python's {@code answer in target_grid_name}, also on older instances and records. */
    @Test
    void referencegameScoresAsClembenchOnOlderInstancesAndRecords() {
        Played aborted = play("referencegame", "letter_grids", 3, List.of("no expression"), List.of());
        assertEquals(List.of("Aborted at Player 1", "Aborted at Player 2", "Generated Expression Length",
                "Generated Expression Number of Tokens", Metrics.REQUEST_COUNT, Metrics.PARSED, Metrics.VIOLATED,
                Metrics.SUCCESS, Metrics.LOSE, Metrics.ABORTED, Metrics.MAIN_SCORE, Metrics.REQUEST_SUCCESS),
                List.copyOf(aborted.scores.episode().keySet()));

        Played won = play("referencegame", "letter_grids", 3, List.of("Expression: top row 🟦"), List.of("Answer: first"));
        assertEquals(100, won.episode(Metrics.MAIN_SCORE)); // an int, as clembench's success * 100
        assertEquals(9, won.episode("Generated Expression Length")); // code points, as Python's len (10 UTF-16 units)
        // a v1.5 record logged parses without the 'expression' / 'answer' keys: clembench re-matches the content
        JsonNode turn0 = won.record.interactions().get("turns").get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) turn0.get(2).get("action")).remove("expression");
        ((com.fasterxml.jackson.databind.node.ObjectNode) turn0.get(5).get("action")).remove("answer");
        GameInstances inst = GameInstances.bundled("referencegame");
        com.fasterxml.jackson.databind.node.ObjectNode instance = inst.instance("letter_grids", 3).deepCopy();
        Game g = Games.byName("referencegame");
        Scores rescored = g.score(won.record.interactions(), inst.experiment("letter_grids"), instance);
        assertEquals(9, rescored.episode().get("Generated Expression Length"));
        assertEquals(100, rescored.episode().get(Metrics.MAIN_SCORE));
        // v1.5 instances name the target with a string: Python's `in` is then a substring test
        instance.put("target_grid_name", "first");
        assertEquals(100, g.score(won.record.interactions(), inst.experiment("letter_grids"), instance).episode().get(Metrics.MAIN_SCORE));
        // a record cut off before the game master's verdict on Player 2 is not scorable (clembench fails on turn[5])
        ((com.fasterxml.jackson.databind.node.ArrayNode) turn0).remove(5);
        assertThrows(LightbulbException.class, () -> g.score(won.record.interactions(), inst.experiment("letter_grids"), instance));
    }

    /** imagegame plays grid_dimension² turns at most and counts an instruction's length in code points. */
    @Test
    void imagegameTurnLimitAndLengthsAsClembench() {
        GameInstances inst = GameInstances.bundled("imagegame");
        com.fasterxml.jackson.databind.node.ObjectNode instance = inst.instance("compact_grids", 0).deepCopy();
        instance.put("grid_dimension", 2);
        List<String> p1 = new ArrayList<>(), p2 = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            p1.add("Instruction: put 🟦 B");
            p2.add("B B B B B\nB B B B B\nB B B B B\nB B B B B\nB B B B B");
        }
        List<ChatModel> models = List.of(new ReplayModel("p1", p1), new ReplayModel("p2", p2));
        Game g = Games.byName("imagegame");
        GameMaster m = g.master(inst.experiment("compact_grids"), instance, models);
        m.play();
        assertEquals(4, m.record().interactions().get("turns").size());
        Scores s = g.score(m.record().interactions(), inst.experiment("compact_grids"), instance);
        assertEquals(7, s.turns().get("0").get("Generated Expression Length")); // "put 🟦 B"
    }

    /** clembench's wordle scorer reads data_for_computation from the record's last event only. */
    @Test
    void wordleScorerNeedsTheResultInTheLastEvent() {
        Played p = play("wordle", "high_frequency_words_no_clue_no_critic", 0, List.of("guess: start\nexplanation: x"));
        JsonNode turns = p.record.interactions().get("turns");
        ((com.fasterxml.jackson.databind.node.ArrayNode) turns.get(turns.size() - 1)).addObject()
                .put("from", "GM").put("to", "GM").putObject("action").put("type", "metadata").put("content", "late");
        GameInstances inst = GameInstances.bundled("wordle");
        String exp = "high_frequency_words_no_clue_no_critic";
        assertThrows(LightbulbException.class,
                () -> Games.byName("wordle").score(p.record.interactions(), inst.experiment(exp), inst.instance(exp, 0)));
    }

    // privateshared travel-booking episode_0

    @Test
    void privatesharedRepromptsProbesWithSuffixesThenAborts() {
        Played p = play("privateshared", "travel-booking", 0,
                List.of("maybe", "ASIDE: perhaps", "ASIDE: no\nreally", "I think no", "ASIDE: dunno"));
        List<String> sent = p.sent();
        assertTrue(sent.get(2).startsWith("ME: Please answer this question carefully. Have you informed"), sent.get(2));
        assertTrue(sent.get(5).startsWith("ME: Please think about it carefully. "), sent.get(5));
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals(5, p.episode(Metrics.VIOLATED).intValue());
        assertTrue(Double.isNaN(p.episode(Metrics.MAIN_SCORE).doubleValue()));
    }

    @Test
    void privatesharedAnswerMustBeOneAnswerLine() {
        List<String> answers = new ArrayList<>(List.of("ASIDE: No.", "ASIDE: No.", "ASIDE: No.", "ASIDE: No.", "ASIDE: No."));
        answers.add("ANSWER: On March 3.\nAnything else?");
        Played p = play("privateshared", "travel-booking", 0, answers);
        assertEquals(1, p.episode(Metrics.ABORTED).intValue());
        assertEquals("TRAVEL-AGENT: When do you wish to start your journey? Answer only this question in one short sentence and then stop.",
                p.sent().get(7));
    }

    // imagegame compact_grids episode_0: target is a B diagonal plus a full last row

    @Test
    void imagegameScoresTheLastGridAndAbortsOnABadGrid() {
        String grid = "▢ ▢ ▢ ▢ B\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢";
        Played p = play("imagegame", "compact_grids", 0,
                List.of("Instruction: put B top right\n", "instruction: done"), List.of(grid));
        assertEquals("What is your next instruction?", p.sent().get(2));
        assertEquals("Instruction: put B top right", p.record.interactions().get("turns").get(0).get(2).path("action").path("content").asText());
        assertEquals(0, p.episode(Metrics.ABORTED).intValue());
        assertEquals(20.0, p.episode(Metrics.MAIN_SCORE).doubleValue()); // P=100, R=11 -> F1 0.2 -> 20
        assertEquals(1, p.episode(Metrics.LOSE).intValue());
        assertEquals(1.0, p.episode("Average Changed Cell Count").doubleValue());

        Played bad = play("imagegame", "compact_grids", 0, List.of("Instruction: put B top right"), List.of("B"));
        assertEquals(1, bad.episode(Metrics.ABORTED).intValue());
        assertTrue(Double.isNaN(bad.episode("F1").doubleValue()));
    }

    @Test
    void imagegameStopsAfterTwentyFiveInstructions() {
        List<String> p1 = new ArrayList<>(), p2 = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            p1.add("Instruction: put B somewhere");
            p2.add("B B B B B\nB B B B B\nB B B B B\nB B B B B\nB B B B B");
        }
        Played p = play("imagegame", "compact_grids", 0, p1, p2);
        assertEquals(25, p.record.interactions().get("turns").size());
        assertEquals(50, p.episode(Metrics.REQUEST_COUNT).intValue());
    }
}
