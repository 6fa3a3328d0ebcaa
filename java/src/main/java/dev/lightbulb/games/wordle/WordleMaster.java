package dev.lightbulb.games.wordle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.text.chat.ChatMessage;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.PyText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wordle's game master (clembench, clemcore@e99b0336, games/wordle/master.py and game.py): up to 6
 * valid guesses; format / letters / length errors get 2 reprompts, unknown words 5, and retries do
 * not use up attempts; with a critic, every attempt's first guess goes to the critic, whose verdict
 * the guesser sees before committing. A prompt beyond the context aborts the episode as clembench's
 * does (the request is counted, the reply is "CONTEXT_EXCEEDED_ERROR"). The last event carries
 * {@code data_for_computation} for the scorer.
 */
final class WordleMaster extends GameMaster {
    static final String INVALID_FORMAT = "INVALID_FORMAT";
    static final String INVALID_WORD = "INVALID_WORD";
    static final String INVALID_WORD_LENGTH = "INVALID_WORD_LENGTH";
    static final String NOT_VALID_ENGLISH_WORD = "NOT_VALID_ENGLISH_WORD";
    static final String CONTEXT_EXCEEDED = "CONTEXT_EXCEEDED_ERROR";
    /** The raw response clembench records for a request whose prompt did not fit. */
    static final String CONTEXT_EXCEEDED_RAW = "Context Exceeded Error";
    static final String CRITIC_REPROMPT = "Provide your response only in this format:\nagreement:yes or no\nexplanation:details\nPlease try again";
    static final Map<String, String> REPROMPT = Map.of(
            INVALID_FORMAT, "Provide your response only in this format:\nguess:word\nexplanation:details.\nPlease try again",
            INVALID_WORD, "the word should contain only alphabets. Please try again",
            INVALID_WORD_LENGTH, "the word should have exactly 5 letters. Please try again",
            NOT_VALID_ENGLISH_WORD, "your guess is not a valid word for this game. Please try again");

    private final ChatModel guesser;
    private final ChatModel critic;
    private final List<ChatMessage> guesserHistory = new ArrayList<>();
    private final List<ChatMessage> criticHistory = new ArrayList<>();
    private String target, clue, difficulty;
    private boolean useClue;
    private int maxAttempts, maxRetry, maxRetryInvalidWord, wordLength;
    private Set<String> words;
    private int guesserReq, guesserParsed, criticReq, criticParsed, attempts;
    /** clembench's guesser_retry / guesser_retry_invalid_word / critic_retry counters. */
    private int guesserRetry, guesserRetryInvalidWord, criticRetry;
    private final List<Integer> turnsReq = new ArrayList<>(), turnsParse = new ArrayList<>();
    private final ArrayNode feedbacks = Json.MAPPER.createArrayNode(), changes = Json.MAPPER.createArrayNode();
    private String guesserError, criticError;
    private String agreement = null, agreementExplanation = null;
    /** clembench's marker for "no critic opinion for this guess yet" (it also shows in game_info). */
    static final String DO_NOT_USE = "do_not_use";

    WordleMaster(JsonNode experiment, JsonNode instance, ChatModel guesser, ChatModel critic) {
        super(experiment, instance);
        this.guesser = guesser;
        this.critic = critic;
    }

    private void setup() {
        String where = where("wordle");
        String exp = "wordle experiment " + experiment.path("name").asText("?");
        target = PyText.strip(Json.text(instance, "target_word", where));
        clue = PyText.strip(instance.path("target_word_clue").asText(""));
        difficulty = instance.path("target_word_difficulty").asText("");
        useClue = Json.field(experiment, "use_clue", exp).asBoolean();
        JsonNode config = Json.field(experiment, "common_config", exp);
        maxAttempts = Json.field(config, "max_attempts_per_game", exp + " common_config").asInt();
        maxRetry = Json.field(config, "max_retry_per_error", exp + " common_config").asInt();
        maxRetryInvalidWord = Json.field(config, "max_retry_invalid_word", exp + " common_config").asInt();
        wordLength = Json.field(config, "max_word_length", exp + " common_config").asInt();
        words = new HashSet<>();
        Json.field(experiment, "english_words", exp).forEach(w -> words.add(w.asText()));
    }

    @Override
    public void play() {
        setup();
        record.players("GM", "Game master for wordle", "Player 1", "Word Guesser (" + guesser.name() + ")",
                "Player 2", critic == null ? "Guess Word Evaluator (Programmatic)" : "Word Guesser Critic (" + critic.name() + ")");

        String exp = "wordle experiment";
        String message = Json.text(experiment, "system_definition", exp)
                + Json.text(Json.field(experiment, "guesser_prompt", exp).get(0), "content", exp + " guesser_prompt")
                + (useClue ? "clue:" + clue + "\n" : "");
        boolean criticHeard = false;
        String guessBeforeCritic = null;
        String lastFeedback = null;
        while (true) {
            record.nextTurn();
            // clembench counts a retry when it reprompts, i.e. at the start of the turn after the error
            if (NOT_VALID_ENGLISH_WORD.equals(guesserError)) guesserRetryInvalidWord++;
            else if (guesserError != null) guesserRetry++;
            log("GM", "Player 1", "send message", message);
            guesserHistory.add(ChatMessage.user(message));
            guesserReq++;
            String reply = askOrOnContextExceeded(guesser, guesserHistory, CONTEXT_EXCEEDED, CONTEXT_EXCEEDED_RAW);
            log("Player 1", "GM", "get message", reply);
            String guess = valueOr(reply, "guess", INVALID_FORMAT);
            String explanation = valueOr(reply, "explanation", INVALID_FORMAT);
            ObjectNode parsed = Json.object().put("guess", guess).put("explanation", explanation);
            ObjectNode parse = Json.object().put("type", "parse");
            parse.set("content", parsed);
            record.event("GM", "GM", parse);
            guesserError = checkWord(guess);
            // clembench counts an unknown word as a parsed request and resets the format-retry count
            if (guesserError == null) { guesserRetry = 0; guesserRetryInvalidWord = 0; guesserParsed++; }
            else if (guesserError.equals(NOT_VALID_ENGLISH_WORD)) { guesserRetry = 0; guesserParsed++; }
            // the history keeps the parsed reply, re-serialised (with the clue line when a critic plays and the reply failed)
            guesserHistory.add(ChatMessage.assistant((critic != null && guesserError != null ? "clue:" + clue + "\n" : "")
                    + "guess:" + guess + "\nexplanation:" + explanation + "\n"));
            if (guesserError != null) {
                ObjectNode meta = metadata("Guesser Error: " + guesserError + " while parsing Player 1's (model: "
                        + guesser.name() + ") response");
                meta.set("game_info", gameInfo(guess, explanation, guesserError));
                record.event("GM", "GM", meta);
                if (!guesserMayRetry()) {
                    finish("ABORTED");
                    return;
                }
                message = REPROMPT.get(guesserError);
                continue;
            }
            if (critic != null && !criticHeard) {
                if (!askCritic(guess, explanation, lastFeedback)) {
                    log("Player 2", "GM", "error", criticError);
                    finish("ABORTED");
                    return;
                }
                criticHeard = true;
                guessBeforeCritic = guess;
                message = "clue:" + clue + "\nguess_agreement:" + agreement + "\nagreement_explanation:" + agreementExplanation + "\n";
                continue;
            }
            if (critic != null) {
                boolean changed = !guess.equals(guessBeforeCritic);
                log("GM", "GM", "metadata", (changed ? "Change" : "No change") + " in player1's guess\nguess_before_critic_opinion: "
                        + guessBeforeCritic + "\n                                                critic_agreement: " + agreement
                        + "\nguess_after_critic_opinion: " + guess
                        + "\n                                                Proceeding with guess validation");
                changes.addArray().add(guessBeforeCritic).add(guess).add(agreement);
            }
            attempts++;
            criticHeard = false;
            String feedback = GuessFeedback.of(guess, target);
            lastFeedback = feedback;
            turnsReq.add(guesserReq + criticReq);
            turnsParse.add(guesserParsed + criticParsed);
            feedbacks.addArray().add(guess).add(feedback);
            ObjectNode meta = metadata("attempts: " + attempts + "\ntarget_word = " + target
                    + (useClue ? "\ntarget_word_clue = " + clue : "") + "\nguess: " + guess + "\nguess_feedback: " + feedback);
            meta.set("game_info", gameInfo(guess, explanation, null));
            record.event("GM", "GM", meta);
            agreement = DO_NOT_USE;
            agreementExplanation = DO_NOT_USE;
            if (guess.equals(target)) { finish("WIN"); return; }
            if (attempts >= maxAttempts) { finish("LOSS"); return; }
            message = "guess_feedback: " + feedback;
        }
    }

    /** clembench's game.proceeds() after a guesser error: a context overflow ends the game, the others have their own retry budgets. */
    private boolean guesserMayRetry() {
        if (guesserError.equals(CONTEXT_EXCEEDED)) return false;
        if (guesserError.equals(NOT_VALID_ENGLISH_WORD)) return guesserRetryInvalidWord < maxRetryInvalidWord;
        return guesserRetry < maxRetry;
    }

    /** Format (or context overflow), letters, length, then the allowed-word list (clembench's checks, in that order). */
    private String checkWord(String guess) {
        if (guess.equals(INVALID_FORMAT)) return INVALID_FORMAT;
        if (guess.equals(CONTEXT_EXCEEDED)) return CONTEXT_EXCEEDED;
        if (!PyText.isAlpha(guess)) return INVALID_WORD;
        if (guess.codePointCount(0, guess.length()) != wordLength) return INVALID_WORD_LENGTH;
        if (!words.contains(guess)) return NOT_VALID_ENGLISH_WORD;
        return null;
    }

    /**
     * Consults the critic; false if it never answers in format. clembench's loop here
     * ({@code while game.proceeds:}, the method never called) retries forever, even on a context
     * overflow; this stops after max_retry_per_error reprompts, the bound its proceeds() encodes, and
     * the master then logs the critic's error and aborts as clembench's unreachable branch would. Like
     * clembench, the critic's history never holds its own accepted answers: each later attempt adds
     * an empty user message and the new guess.
     */
    private boolean askCritic(String guess, String explanation, String lastFeedback) {
        String exp = "wordle experiment";
        String message = "clue:" + clue + "\nguess:" + guess + "\nexplanation:" + explanation + "\n";
        if (criticHistory.isEmpty())
            message = Json.text(Json.field(experiment, "guesser_critic_prompt", exp).get(0), "content", exp) + message;
        else {
            criticHistory.add(ChatMessage.user(""));
            if (lastFeedback != null) message += "guess_feedback: " + lastFeedback;
        }
        List<String> keywords = new ArrayList<>();
        Json.field(experiment, "response_format_keywords", exp).path("agreement_match_keywords")
                .forEach(k -> keywords.add(k.asText()));
        for (criticRetry = 0; ; criticRetry++) {
            log("GM", "Player 2", "send message", message);
            criticHistory.add(ChatMessage.user(message));
            criticReq++;
            String reply = askOrOnContextExceeded(critic, criticHistory, CONTEXT_EXCEEDED, CONTEXT_EXCEEDED_RAW);
            log("Player 2", "GM", "get message", reply);
            String a = valueOr(reply, "agreement", INVALID_FORMAT);
            if (!keywords.contains(a)) a = INVALID_FORMAT;
            String e = valueOr(reply, "explanation", INVALID_FORMAT);
            ObjectNode parse = Json.object().put("type", "parse");
            parse.set("content", Json.object().put("agreement", a).put("explanation", e));
            record.event("GM", "GM", parse);
            if (!a.equals(INVALID_FORMAT)) {
                criticParsed++;
                criticRetry = 0;
                agreement = a;
                agreementExplanation = e;
                log("GM", "GM", "metadata", "Critic " + (a.equals("no") ? "disagrees" : "agrees")
                        + " with the Guesser -- Sharing the critic's explanation with the guesser");
                return true;
            }
            if (criticRetry >= maxRetry) {
                criticError = INVALID_FORMAT;
                return false;
            }
            criticHistory.add(ChatMessage.assistant("agreement:" + a + "\nexplanation:" + e + "\n"));
            message = CRITIC_REPROMPT;
        }
    }

    /**
     * {@link WordleReply#value}; when the key is absent, "CONTEXT_EXCEEDED_ERROR" if the reply contains that text
     * (clembench's wordle puts it in place of a reply that did not fit), else {@code missing}.
     */
    private static String valueOr(String reply, String key, String missing) {
        String v = WordleReply.value(reply, key);
        if (v != null) return v;
        return reply.contains(CONTEXT_EXCEEDED) ? CONTEXT_EXCEEDED : missing;
    }

    private static ObjectNode metadata(String content) {
        return action("metadata", content);
    }

    private ObjectNode gameInfo(String guess, String explanation, String error) {
        ObjectNode info = Json.object();
        info.put("attempts", attempts);
        info.put("target_word", target);
        info.put("target_word_difficulty", difficulty);
        info.put("guesser", "Word Guesser (" + guesser.name() + ")");
        info.put("guess", guess);
        info.put("explanation", explanation);
        if (error == null) info.putNull("error"); else info.put("error", error);
        if (useClue) info.put("target_word_clue", clue);
        if (critic != null) {
            info.put("critic_agreement", agreement);
            info.put("critic_explanation", agreementExplanation);
            info.put("guess_critic", "Word Guesser Critic (" + critic.name() + ")");
        }
        return info;
    }

    /** Logs the result and everything the scorer needs (clembench's data_for_computation). */
    private void finish(String status) {
        ObjectNode d = Json.object();
        d.put("player_1", guesser.name());
        d.put("player_2", critic == null ? "" : critic.name());
        d.put("total_attempts", attempts);
        ArrayNode req = d.putArray("turns_req_count");
        turnsReq.forEach(req::add);
        ArrayNode par = d.putArray("turns_parse_count");
        turnsParse.forEach(par::add);
        d.set("turns_guess_feedback", feedbacks);
        d.set("critic_guesses_change", changes);
        if (guesserError == null) d.putNull("guesser_error"); else d.put("guesser_error", guesserError);
        if (criticError == null) d.putNull("critic_error"); else d.put("critic_error", criticError);
        d.put("guesser retry count", guesserRetry);
        d.put("critic retry count", criticRetry);
        d.put("guesser_req_count", guesserReq);
        d.put("critic_req_count", criticReq);
        d.put("guesser_parsed_req_count", guesserParsed);
        d.put("critic_parsed_req_count", criticParsed);
        d.put("target_word", target);
        d.put("target_word_clue", clue);
        d.put("target_word_difficulty", difficulty);
        d.put("game_final_status", status);
        d.put("use_clue", useClue);
        d.put("use_critic", critic != null);
        if (status.equals("ABORTED")) {
            ObjectNode abort = action("invalid format", "Aborted due to invalid format in response");
            abort.put("original_content", criticError != null ? criticError : guesserError);
            record.event("GM", "GM", abort);
        }
        ObjectNode meta = metadata("game_result = " + status);
        meta.set("data_for_computation", d);
        record.event("GM", "GM", meta);
    }
}
