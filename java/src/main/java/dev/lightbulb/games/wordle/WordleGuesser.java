package dev.lightbulb.games.wordle;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The wordle guesser expert: reads every "guess_feedback:" it was sent and guesses what {@link WordleSolver}
 * advises, never a word it tried before. Told by a critic that it agrees, it keeps its guess; told that it
 * disagrees, or that its word was refused, it picks the next best one. The clue is not used (the expert knows
 * letters, not meanings).
 */
final class WordleGuesser extends ExpertPlayer {
    private final WordleSolver solver;

    WordleGuesser(WordleSolver solver) {
        super("wordle guesser");
        this.solver = solver;
    }

    @Override
    protected String answer(List<ChatMessage> messages) {
        firstPrompt(messages);
        List<String> received = texts(messages, "user");
        // the first message is the prompt, whose example feedback is no feedback on this game
        List<Feedback> known = Feedback.readAll(received.subList(1, received.size()));
        List<String> own = texts(messages, "assistant");
        String last = received.getLast();
        if (!own.isEmpty() && last.toLowerCase(Locale.ROOT).contains("guess_agreement:yes")) {
            String previous = WordleReply.value(own.getLast(), "guess");
            return reply(previous, "the critic agrees, and it still fits all feedback");
        }
        Set<String> tried = new HashSet<>();
        for (String o : own) {
            String g = WordleReply.value(o, "guess");
            if (g != null) tried.add(g);
        }
        List<String> fitting = solver.candidates(known), left = new ArrayList<>(fitting);
        left.removeAll(tried);
        // a critic may turn down the one word that fits: then it is guessed all the same
        String guess = solver.choose(left.isEmpty() ? fitting : left);
        if (guess == null) throw unreadable("no allowed word fits the feedback " + known);
        return reply(guess, known.isEmpty() ? "a first guess that splits the common words best"
                : fitting.size() + " allowed words fit all feedback so far; this one splits the likely ones best");
    }

    private static String reply(String guess, String why) {
        return "guess:" + guess + "\nexplanation:" + why;
    }
}
