package dev.lightbulb.games.taboo;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The taboo guesser expert: guesses the most frequent word of the bundled target word lists ({@link TargetWords})
 * that fits every clue it has heard ({@link SpellingClue}) and that it has not guessed yet. With no clue it can
 * read, or none that fits, it still answers in format with the most frequent word not yet guessed.
 */
final class TabooGuesser extends ExpertPlayer {
    TabooGuesser() { super("taboo guesser"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        firstPrompt(messages);
        List<SpellingClue> clues = SpellingClue.parseAll(String.join("\n", texts(messages, "user")));
        Set<String> guessed = new HashSet<>();
        for (String own : texts(messages, "assistant")) guessed.add(TabooRules.clean(own, TabooRules.GUESS));
        String guess = null;
        for (String w : TargetWords.BY_FREQUENCY) {
            if (guessed.contains(w) || !clues.stream().allMatch(c -> c.matches(w))) continue;
            guess = w;
            break;
        }
        if (guess == null)
            guess = TargetWords.BY_FREQUENCY.stream().filter(w -> !guessed.contains(w)).findFirst().orElse("word");
        return TabooRules.GUESS + " " + guess;
    }
}
