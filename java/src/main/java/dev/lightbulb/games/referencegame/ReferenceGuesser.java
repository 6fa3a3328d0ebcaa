package dev.lightbulb.games.referencegame;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.games.TextGrid;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.List;

/**
 * The referencegame guesser expert: reads the grids "First:", "Second:" and "Third:" out of its prompt and the cell
 * facts out of the expression that follows them, and answers the first grid they all hold for (the first grid
 * when none does).
 */
final class ReferenceGuesser extends ExpertPlayer {
    private static final List<String> NAMES = List.of("first", "second", "third");

    ReferenceGuesser() { super("referencegame guesser"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        String prompt = firstPrompt(messages);
        int afterGrids = prompt.indexOf("Third:");
        if (afterGrids < 0) throw unreadable("the prompt shows no 'Third:' grid");
        List<CellFact> facts = CellFact.readAll(prompt.substring(afterGrids));
        for (int i = 0; i < NAMES.size(); i++) {
            String label = Character.toUpperCase(NAMES.get(i).charAt(0)) + NAMES.get(i).substring(1) + ":";
            TextGrid grid = TextGrid.after(prompt, label);
            if (grid == null) throw unreadable("the prompt shows no '" + label + "' grid");
            if (facts.stream().allMatch(f -> f.holdsFor(grid))) return "Answer: " + NAMES.get(i);
        }
        return "Answer: " + NAMES.getFirst();
    }
}
