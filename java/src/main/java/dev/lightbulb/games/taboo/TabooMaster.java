package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.text.chat.ChatMessage;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Taboo's flow: per turn the describer's clue (must start with "CLUE:", must not use the target or
 * a related word) goes to the guesser (must start with "GUESS:"); the guess utterance goes back to
 * the describer. Wrong format aborts; a taboo clue loses; a correct guess wins.
 */
final class TabooMaster extends GameMaster {
    static final String CLUE = TabooRules.CLUE;
    static final String GUESS = TabooRules.GUESS;
    /** Event type logged when a clue uses a forbidden word (the game ends as a loss, not an abort). */
    static final String INVALID_CLUE = "invalid clue";

    private final ChatModel describer;
    private final ChatModel guesser;

    TabooMaster(JsonNode experiment, JsonNode instance, ChatModel describer, ChatModel guesser) {
        super(experiment, instance);
        this.describer = describer;
        this.guesser = guesser;
    }

    @Override
    public void play() {
        String where = where("taboo");
        String target = Json.text(instance, "target_word", where);
        List<String> related = new ArrayList<>();
        Json.field(instance, "related_word", where).forEach(w -> related.add(w.asText()));
        int maxTurns = Json.field(experiment, "max_turns", "taboo experiment").asInt();
        String n = Integer.toString(maxTurns);
        String describerPrompt = Json.text(experiment, "describer_initial_prompt", "taboo experiment")
                .replace("$TARGET_WORD$", target)
                .replace("$REL_WORD$", String.join("\n", related.stream().map(w -> "- " + w).toList()))
                .replace("$N$", n);
        String guesserPrompt = Json.text(experiment, "guesser_initial_prompt", "taboo experiment").replace("$N$", n);

        record.players("GM", "Game master for taboo", "Player 1", "WordDescriber, " + describer.name(),
                "Player 2", "WordGuesser, " + guesser.name());

        List<ChatMessage> describerHistory = new ArrayList<>();
        List<ChatMessage> guesserHistory = new ArrayList<>();
        String lastGuess = null;
        for (int turn = 0; turn < maxTurns; turn++) {
            record.nextTurn();
            String clue = talk("Player 1", describer, describerHistory, turn == 0 ? describerPrompt : lastGuess);
            if (!validResponse(clue, CLUE)) return;
            String cleanClue = TabooRules.clean(clue, CLUE);
            String violation = TabooRules.violation(cleanClue, target, related);
            if (violation != null) {
                log("GM", "GM", INVALID_CLUE, violation);
                return;
            }
            log("GM", "GM", "valid clue", cleanClue);

            String guess = talk("Player 2", guesser, guesserHistory, turn == 0 ? guesserPrompt + "\n\n" + clue : clue);
            if (!validResponse(guess, GUESS)) return;
            String cleanGuess = TabooRules.clean(guess, GUESS);
            log("GM", "GM", "valid guess", cleanGuess);
            if (cleanGuess.equals(target)) {
                log("GM", "GM", "correct guess", "end game");
                return;
            }
            lastGuess = guess;
        }
        log("GM", "GM", "max turns reached", Integer.toString(maxTurns));
    }

    /** A reply must start with its tag (case-sensitive); otherwise the game is aborted. */
    private boolean validResponse(String reply, String tag) {
        if (!reply.startsWith(tag)) {
            log("GM", "GM", "invalid format", "abort game");
            return false;
        }
        log("GM", "GM", "valid response", "continue");
        return true;
    }
}
