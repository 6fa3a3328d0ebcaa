package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;

/**
 * The shape every clembench {@code interactions.json} has (clemgame.py GameRecorder): an object with a
 * "players" object and a non-empty "turns" list of lists of events, each event an object with
 * "from", "to" and an "action" object that has a "type". A file without it (empty, {@code {}},
 * cut off, another file's content) is never scored: clembench's scorers fail on it too, and scoring it
 * here would turn a broken record into a made-up result.
 */
public final class RecordShape {
    private RecordShape() {}

    /** Throws a LightbulbException saying what is wrong (without the file name; callers add it). */
    public static void check(JsonNode interactions) {
        if (interactions == null || interactions.isMissingNode() || interactions.isNull())
            throw new LightbulbException("empty file, not a clembench record");
        if (!interactions.isObject())
            throw new LightbulbException("not a clembench record (a JSON " + interactions.getNodeType().name().toLowerCase()
                    + " where an object with 'players' and 'turns' belongs)");
        if (!interactions.path("players").isObject())
            throw new LightbulbException("not a clembench record (no 'players' object)");
        JsonNode turns = interactions.get("turns");
        if (turns == null || !turns.isArray()) throw new LightbulbException("not a clembench record (no 'turns' list)");
        if (turns.isEmpty()) throw new LightbulbException("no turns recorded");
        for (int t = 0; t < turns.size(); t++) {
            JsonNode turn = turns.get(t);
            if (!turn.isArray()) throw new LightbulbException("turns[" + t + "] is not a list of events");
            for (int e = 0; e < turn.size(); e++) {
                JsonNode event = turn.get(e);
                String where = "turns[" + t + "][" + e + "]";
                if (!event.isObject() || !event.path("from").isTextual() || !event.path("to").isTextual())
                    throw new LightbulbException(where + " is not an event (an object with 'from', 'to' and 'action')");
                if (!event.path("action").path("type").isTextual())
                    throw new LightbulbException(where + " has no action type");
            }
        }
    }
}
