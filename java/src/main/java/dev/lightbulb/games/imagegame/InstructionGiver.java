package dev.lightbulb.games.imagegame;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.games.TextGrid;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.List;

/**
 * The imagegame instruction giver expert: reads the target grid (the last grid of its first prompt, below the
 * examples), gives the {@link GridInstructions#plan} one instruction per turn and then "Instruction: DONE".
 */
final class InstructionGiver extends ExpertPlayer {
    InstructionGiver() { super("imagegame instruction giver"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        TextGrid target = TextGrid.last(firstPrompt(messages));
        if (target == null) throw unreadable("no target grid in the first prompt");
        List<String> plan = GridInstructions.plan(target);
        int turn = texts(messages, "assistant").size();
        return "Instruction: " + (turn < plan.size() ? plan.get(turn) : "DONE");
    }
}
