package dev.lightbulb.games.imagegame;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.games.TextGrid;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The imagegame instruction follower expert: starts from an empty grid of the size its prompt names ("a size 5 by
 * 5"), draws every instruction it was given (the last line of each game master message: the first message's other
 * lines are the prompt and its example) and returns the whole grid.
 */
final class GridDrawer extends ExpertPlayer {
    private static final Pattern SIZE = Pattern.compile("size (\\d+) by (\\d+)");

    GridDrawer() { super("imagegame instruction follower"); }

    @Override
    protected String answer(List<ChatMessage> messages) {
        Matcher size = SIZE.matcher(firstPrompt(messages));
        if (!size.find()) throw unreadable("the first prompt names no grid size ('size N by M')");
        TextGrid grid = TextGrid.empty(Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2)));
        for (String message : texts(messages, "user")) {
            String[] lines = message.strip().split("\n");
            grid = GridInstructions.apply(grid, lines[lines.length - 1]);
        }
        return grid.toString();
    }
}
