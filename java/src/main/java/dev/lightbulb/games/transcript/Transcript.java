package dev.lightbulb.games.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.BenchmarkRunner;
import dev.lightbulb.games.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a transcript shows, read from an episode's interactions.json alone (clembench's schema:
 * {@code {"players": {...}, "turns": [[{"from","to","action":{"type","content"}}, ...], ...]}}): the episode it is,
 * the players' descriptions, every event in order, and what lightbulb's runner recorded about the run (model,
 * sampling) and, for a failed episode, why it failed.
 */
public record Transcript(EpisodeFolder episode, Map<String, String> players, int turns, List<TranscriptEvent> events,
                         JsonNode run, String failure) {

    public static Transcript read(EpisodeFolder episode) {
        return of(episode, Json.read(episode.interactions()));
    }

    /** Builds the transcript; a malformed record is one error naming the file and the event's place. */
    public static Transcript of(EpisodeFolder episode, JsonNode interactions) {
        String where = episode.interactions().toString();
        Map<String, String> players = new LinkedHashMap<>();
        interactions.path("players").properties().forEach(p -> players.put(p.getKey(), PyStr.of(p.getValue())));
        JsonNode turns = Json.field(interactions, "turns", where);
        if (!turns.isArray()) throw new LightbulbException(where + ": field 'turns' must be a list of turns");
        List<TranscriptEvent> events = new ArrayList<>();
        for (int t = 0; t < turns.size(); t++) {
            JsonNode turn = turns.get(t);
            if (!turn.isArray()) throw new LightbulbException(where + ": turns[" + t + "] must be a list of events");
            for (int i = 0; i < turn.size(); i++) {
                String at = where + ": turns[" + t + "][" + i + "]";
                JsonNode e = turn.get(i);
                JsonNode action = Json.field(e, "action", at);
                JsonNode content = action.get("content");
                if (content == null) throw new LightbulbException(at + ": missing field 'action.content'");
                events.add(new TranscriptEvent(t, Json.text(e, "from", at), Json.text(e, "to", at),
                        Json.text(action, "type", at), PyStr.of(content)));
            }
        }
        JsonNode failure = interactions.get(BenchmarkRunner.FAILURE_KEY);
        return new Transcript(episode, players, turns.size(), events, interactions.get(BenchmarkRunner.RUN_KEY),
                failure == null ? null : failure.asText());
    }
}
