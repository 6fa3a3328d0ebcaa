package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.List;
import java.util.Map;

/**
 * Base of the programmatic experts ({@link Game#expert}): a {@link ChatModel} named {@value #NAME} that
 * answers from the messages it is sent and nothing else. A subclass reads what it needs out of the prompt text; a
 * prompt it cannot read is a failure of the player (a LightbulbException naming its role and what was missing),
 * which the runner records with the episode before going on.
 */
public abstract class ExpertPlayer implements ChatModel {
    /** The name every expert answers under. */
    public static final String NAME = "expert";

    private final String role;

    /** @param role the seat it plays, as its errors and requests.json name it, e.g. "taboo describer" */
    protected ExpertPlayer(String role) { this.role = role; }

    @Override public final String name() { return NAME; }

    /** The seat it plays, e.g. "taboo describer" (requests.json records it with every answer). */
    public final String role() { return role; }

    @Override
    public final Reply respond(List<ChatMessage> messages) {
        return new Reply(answer(List.copyOf(messages)), Map.of("player", "programmatic", "role", role));
    }

    /** The answer to the conversation so far (the last message is the game master's). */
    protected abstract String answer(List<ChatMessage> messages);

    /** The texts of the messages with this role ("user" = the game master's, "assistant" = this player's own), in order. */
    protected static List<String> texts(List<ChatMessage> messages, String role) {
        return messages.stream().filter(m -> m.role().equals(role)).map(ChatMessage::content).toList();
    }

    /** The game master's first message: the prompt that sets up this player's role (an error when there is none). */
    protected final String firstPrompt(List<ChatMessage> messages) {
        List<String> prompts = texts(messages, "user");
        if (prompts.isEmpty()) throw unreadable("the conversation has no message from the game master");
        return prompts.getFirst();
    }

    /** The error of a prompt this player cannot read. */
    protected final LightbulbException unreadable(String what) {
        return new LightbulbException("expert " + role + ": " + what);
    }
}
