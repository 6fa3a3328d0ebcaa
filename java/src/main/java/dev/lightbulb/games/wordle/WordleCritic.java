package dev.lightbulb.games.wordle;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.List;

/**
 * The wordle critic expert: agrees with a guess exactly when it is a five-letter word that every
 * "guess_feedback:" it was shown admits (the feedback it sees names the earlier guesses too). It judges letters,
 * not the clue's meaning.
 */
final class WordleCritic extends ExpertPlayer {
    WordleCritic() { super("wordle critic"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        firstPrompt(messages);
        List<String> received = texts(messages, "user");
        String last = received.getLast();
        if (!last.contains("guess:")) throw unreadable("no 'guess:' line in the last message");
        String guess = WordleReply.value(last.substring(last.lastIndexOf("guess:")), "guess");
        List<Feedback> known = Feedback.readAll(received);
        for (Feedback f : known)
            if (!f.admits(guess))
                return "agreement:no\nexplanation:" + guess + " does not fit the feedback " + f.colors();
        if (guess.length() != 5 || !guess.chars().allMatch(c -> c >= 'a' && c <= 'z'))
            return "agreement:no\nexplanation:" + guess + " is not a word of five lowercase letters";
        return "agreement:yes\nexplanation:" + guess + (known.isEmpty() ? " is a five-letter word; there is no feedback yet"
                : " fits all feedback so far (" + known.size() + (known.size() == 1 ? " guess)" : " guesses)"));
    }
}
