package dev.lightbulb.games.wordle;

import dev.lightbulb.text.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class WordleCriticTest {

    /** The critic agrees exactly when every feedback it was shown admits the guess, over random games. */
    @Test
    void agreesExactlyWhenTheGuessFitsTheFeedback() {
        List<String> words = dev.lightbulb.games.WordList.resource("/dev/lightbulb/games/wordle/medium_words.txt");
        Random random = new Random(9);
        for (int game = 0; game < 300; game++) {
            String target = words.get(random.nextInt(words.size()));
            List<ChatMessage> history = new ArrayList<>();
            history.add(ChatMessage.user("I need your assistance with a word game...\nclue:snow white\nguess:apple\nexplanation:x\n"));
            List<String> tried = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                String guess = words.get(random.nextInt(words.size()));
                String message = "clue:a clue\nguess:" + guess + "\nexplanation:why\n";
                if (!tried.isEmpty()) message += "guess_feedback: " + GuessFeedback.of(tried.getLast(), target);
                history.add(ChatMessage.user(message));
                boolean fits = tried.stream().allMatch(t -> GuessFeedback.of(t, guess).equals(GuessFeedback.of(t, target)));
                String answer = new WordleCritic().respond(history).text();
                assertTrue(answer.startsWith("agreement:" + (fits ? "yes" : "no") + "\nexplanation:"), tried + " " + guess + ": " + answer);
                history.add(ChatMessage.user(""));
                tried.add(guess);
            }
        }
    }
}
