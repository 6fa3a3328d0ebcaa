package dev.lightbulb.games;

import dev.lightbulb.text.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Everything one episode logs, in clembench's schema: {@code interactions.json}
 * ({@code {"players": {...}, "turns": [[event, ...], ...], <extra keys>}}, event =
 * {@code {"from","to","timestamp","action":{"type","content",...}}}) and {@code requests.json}
 * (one {@code {"timestamp","manipulated_prompt_obj","raw_response_obj"}} per model call).
 */
public final class EpisodeRecord {
    private final ObjectNode interactions = Json.object();
    private final ArrayNode turns;
    private final ArrayNode requests = Json.MAPPER.createArrayNode();

    public EpisodeRecord() {
        interactions.putObject("players");
        turns = interactions.putArray("turns");
    }

    /** The "players" entry: alternating keys and descriptions, e.g. "GM", "Game master for taboo", ... */
    public void players(String... keysAndNames) {
        ObjectNode p = Json.object();
        for (int i = 0; i + 1 < keysAndNames.length; i += 2) p.put(keysAndNames[i], keysAndNames[i + 1]);
        interactions.set("players", p);
    }

    /** Starts a new turn (clembench's log_next_turn). */
    public void nextTurn() { turns.addArray(); }

    public void event(String from, String to, ObjectNode action) {
        if (turns.isEmpty()) nextTurn();
        ObjectNode e = ((ArrayNode) turns.get(turns.size() - 1)).addObject();
        e.put("from", from);
        e.put("to", to);
        e.put("timestamp", PyTime.isoformat(LocalDateTime.now()));
        e.set("action", action);
    }

    /** An extra top-level key of interactions.json (clembench's log_key). */
    public void key(String name, JsonNode value) { interactions.set(name, value); }

    public void request(List<ChatMessage> prompt, Reply reply, String modelName,
                        LocalDateTime start, Duration duration) {
        ObjectNode raw = newRequest(prompt, start).putObject("raw_response_obj");
        reply.details().forEach((k, v) -> raw.set(k, Json.MAPPER.valueToTree(v)));
        ObjectNode clem = raw.putObject("clem_player");
        clem.put("call_start", PyTime.str(start));
        clem.put("call_duration", PyTime.str(duration));
        clem.put("response", reply.text());
        clem.put("model_name", modelName);
    }

    /** A request that got no model response, only {@code raw} (clembench logs e.g. "Context Exceeded Error"). */
    public void request(List<ChatMessage> prompt, String raw, LocalDateTime start) {
        newRequest(prompt, start).put("raw_response_obj", raw);
    }

    private ObjectNode newRequest(List<ChatMessage> prompt, LocalDateTime start) {
        ObjectNode r = requests.addObject();
        r.put("timestamp", PyTime.isoformat(start));
        ArrayNode p = r.putArray("manipulated_prompt_obj");
        for (ChatMessage m : prompt) p.addObject().put("role", m.role()).put("content", m.content());
        return r;
    }

    public ObjectNode interactions() { return interactions; }

    public ArrayNode requests() { return requests; }

    /**
     * Writes instance.json, requests.json and interactions.json into an episode folder, interactions.json last: its
     * presence marks a finished episode (a rerun skips it), so a run killed while writing plays the episode again.
     */
    public void write(Path episodeDir, JsonNode instance) {
        Json.write(episodeDir.resolve("instance.json"), instance);
        Json.write(episodeDir.resolve("requests.json"), requests);
        Json.write(episodeDir.resolve("interactions.json"), interactions);
    }
}
