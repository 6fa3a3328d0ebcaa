package dev.lightbulb.games;

import dev.lightbulb.text.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Runs one episode as plain blocking code: asks its players like functions and logs every step
 * into an {@link EpisodeRecord}. One instance per episode; not thread-safe, not reusable.
 */
public abstract class GameMaster {
    protected final JsonNode experiment;
    protected final JsonNode instance;
    protected final EpisodeRecord record = new EpisodeRecord();

    protected GameMaster(JsonNode experiment, JsonNode instance) {
        this.experiment = experiment;
        this.instance = instance;
    }

    /** Plays the whole episode. */
    public abstract void play();

    public EpisodeRecord record() { return record; }

    /** Names this instance in error messages, e.g. "taboo instance 3". */
    protected String where(String game) {
        return game + " instance " + instance.path("game_id").asText("?");
    }

    protected static ObjectNode action(String type, String content) {
        ObjectNode a = Json.object();
        a.put("type", type);
        a.put("content", content);
        return a;
    }

    protected void log(String from, String to, String type, String content) {
        record.event(from, to, action(type, content));
    }

    /**
     * One exchange with a player: logs the game master's message to it, appends it to the player's
     * history, asks, appends and logs the answer, and returns the answer.
     */
    protected String talk(String player, ChatModel model, List<ChatMessage> history, String message) {
        log("GM", player, "send message", message);
        history.add(ChatMessage.user(message));
        String answer = ask(model, history);
        history.add(ChatMessage.assistant(answer));
        log(player, "GM", "get message", answer);
        return answer;
    }

    /** Asks a model and records the request with the exact messages sent. */
    protected String ask(ChatModel model, List<ChatMessage> messages) {
        List<ChatMessage> sent = List.copyOf(messages);
        LocalDateTime start = LocalDateTime.now();
        long t0 = System.nanoTime();
        Reply reply = model.respond(sent);
        record.request(sent, reply, model.name(), start, Duration.ofNanos(System.nanoTime() - t0));
        return reply.text();
    }

    /**
     * {@link #ask}, except that a prompt beyond the model's context does not fail the episode: the
     * answer is {@code reply} and the request is recorded with the raw response {@code raw} (clembench's
     * wordle catches its ContextExceededError this way, games/wordle/game.py).
     */
    protected String askOrOnContextExceeded(ChatModel model, List<ChatMessage> messages, String reply, String raw) {
        List<ChatMessage> sent = List.copyOf(messages);
        LocalDateTime start = LocalDateTime.now();
        try {
            return ask(model, sent);
        } catch (ContextExceededException e) {
            record.request(sent, raw, start);
            return reply;
        }
    }
}
