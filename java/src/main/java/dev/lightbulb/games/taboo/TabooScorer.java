package dev.lightbulb.games.taboo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.Scores;

/**
 * Taboo's scores from interactions alone, as clembench's TabooScorer: every turn counts one request,
 * violated from the first "invalid format" on; any "invalid format" aborts (Main Score NaN); a
 * "correct guess" wins with 100 / number of turns; otherwise a loss (0). The repetition counters
 * look for "guess"/"clue" events the game master never logs, so they are always 0 (upstream bug, kept).
 */
final class TabooScorer {
    private TabooScorer() {}

    static Scores score(JsonNode interactions) {
        Scores s = new Scores();
        JsonNode turns = interactions.path("turns");
        boolean invalid = false, won = false;
        int violated = 0, parsed = 0;
        for (int t = 0; t < turns.size(); t++) {
            for (JsonNode e : turns.get(t)) {
                String type = e.path("action").path("type").asText();
                if (type.equals("invalid format")) invalid = true;
                if (type.equals("correct guess")) won = true;
            }
            s.turn(t, "Accuracy", won ? 1 : 0);
            s.turn(t, Metrics.VIOLATED, invalid ? 1 : 0);
            s.turn(t, Metrics.PARSED, invalid ? 0 : 1);
            s.turn(t, Metrics.REQUEST_COUNT, 1);
            if (invalid) violated++; else parsed++;
        }
        int requests = turns.size();
        s.episode(Metrics.VIOLATED, violated);
        s.episode(Metrics.PARSED, parsed);
        s.episode(Metrics.REQUEST_COUNT, requests);
        s.episode(Metrics.REQUEST_SUCCESS, requests == 0 ? Double.NaN : (double) parsed / requests);
        s.episode(Metrics.ABORTED, invalid ? 1 : 0);
        s.episode(Metrics.SUCCESS, !invalid && won ? 1 : 0);
        s.episode(Metrics.LOSE, !invalid && !won ? 1 : 0);
        s.episode(Metrics.MAIN_SCORE, Metrics.nanOr(invalid, won ? (Number) (100.0 / requests) : (Number) 0));
        s.episode("Repetition-Guesser", 0);
        s.episode("Repetition-Describer", 0);
        return s;
    }
}
