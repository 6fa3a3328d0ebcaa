package dev.lightbulb.games.referencegame;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.games.TextGrid;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.List;

/**
 * The referencegame describer expert: reads the target and the two distractor grids out of its prompt and names
 * cells that single the target out ({@link CellFact#distinguishing}), as one "Expression: ..." line.
 */
final class ReferenceDescriber extends ExpertPlayer {
    ReferenceDescriber() { super("referencegame describer"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        String prompt = firstPrompt(messages);
        TextGrid target = TextGrid.after(prompt, "Target grid:");
        TextGrid first = TextGrid.after(prompt, "Distractor grid 1:"), second = TextGrid.after(prompt, "Distractor grid 2:");
        if (target == null || first == null || second == null)
            throw unreadable("the prompt does not show a 'Target grid:' and two 'Distractor grid N:' grids");
        return "Expression: " + CellFact.describe(CellFact.distinguishing(target, List.of(first, second)));
    }
}
