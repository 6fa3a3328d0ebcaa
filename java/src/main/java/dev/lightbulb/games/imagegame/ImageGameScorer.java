package dev.lightbulb.games.imagegame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.PyRegex;
import dev.lightbulb.games.PyText;
import dev.lightbulb.games.Scores;

import java.util.regex.Pattern;

/**
 * imagegame's scores (clembench ImageGameScorer): per completed turn instruction length/tokens,
 * precision/recall/F1 of the drawn grid, changed cells and request counts; per episode the last
 * turn's values (Main Score = F1), averages, Success iff F1 >= 99. Aborted → NaN metrics.
 */
final class ImageGameScorer {
    private ImageGameScorer() {}

    static final String EMPTY_GRID = "▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢\n▢ ▢ ▢ ▢ ▢";

    /** The text of event {@code index} of turn t, where clembench's scorer reads it; a record without it is not scorable. */
    private static String content(JsonNode turn, int t, int index, String what) {
        JsonNode c = turn.path(index).path("action").path("content");
        if (!c.isTextual())
            throw new LightbulbException("imagegame interactions: turns[" + t + "][" + index + "] (" + what + ") is missing");
        return c.asText();
    }

    static Scores score(JsonNode interactions, JsonNode instance) {
        String where = "imagegame instance";
        String target = Json.text(instance, "target_grid", where);
        Pattern terminate = PyRegex.compile(Json.text(instance, "player_1_terminate_pattern", where), true, where);
        Pattern p1Valid = PyRegex.compile(Json.text(instance, "player_1_response_pattern", where), true, where);
        Pattern p2Valid = PyRegex.compile(Json.text(instance, "player_2_response_pattern", where), false, where);
        Scores s = new Scores();
        // clembench starts these at the int 0 and keeps it where no grid was ever evaluated
        Number precision = 0, recall = 0, f1 = 0;
        String previousGrid = EMPTY_GRID;
        int changedSum = 0, lengthSum = 0, tokenSum = 0, turnsDone = 0;
        int requests = 0, parsed = 0, violated = 0;
        boolean aborted = false;
        JsonNode turns = interactions.path("turns");
        for (int t = 0; t < turns.size(); t++) {
            JsonNode turn = turns.get(t);
            String instruction = content(turn, t, 1, "Player 1's answer");
            if (terminate.matcher(instruction).lookingAt()) break;
            int tReq = 1, tParsed = 0;
            requests++;
            if (!p1Valid.matcher(instruction).lookingAt()) { violated++; aborted = true; break; }
            instruction = instruction.split("\n", -1)[0];
            tParsed++;
            parsed++;
            if (turn.size() < 4) { aborted = true; break; }
            String grid = content(turn, t, 4, "Player 2's answer");
            tReq++;
            requests++;
            if (!p2Valid.matcher(grid).lookingAt()) { violated++; aborted = true; break; }
            tParsed++;
            parsed++;
            double[] prf = GridScore.evaluate(target, grid);
            if (prf != null) { precision = prf[0]; recall = prf[1]; f1 = prf[2]; }
            turnsDone++;
            String text = PyText.strip(instruction.replace("Instruction:", ""));
            int length = text.codePointCount(0, text.length());
            s.turn(t, "Generated Expression Length", length);
            lengthSum += length;
            int tokens = text.split(" ", -1).length;
            s.turn(t, "Generated Expression Number of Tokens", tokens);
            tokenSum += tokens;
            s.turn(t, "Precision", precision);
            s.turn(t, "Recall", recall);
            s.turn(t, "F1", f1);
            Integer changed = GridScore.changedCells(previousGrid, grid);
            int flipped = changed == null ? 0 : changed;
            changedSum += flipped;
            previousGrid = grid;
            s.turn(t, "Changed Cell Count", flipped);
            s.turn(t, Metrics.REQUEST_COUNT, tReq);
            s.turn(t, Metrics.PARSED, tParsed);
            s.turn(t, Metrics.VIOLATED, tReq - tParsed);
        }
        double nan = Double.NaN;
        s.episode("Precision", Metrics.nanOr(aborted, precision));
        s.episode("Recall", Metrics.nanOr(aborted, recall));
        s.episode("F1", Metrics.nanOr(aborted, f1));
        s.episode(Metrics.MAIN_SCORE, Metrics.nanOr(aborted, f1));
        // clembench divides by the number of drawn turns (and fails when P1 says DONE at once; NaN here)
        s.episode("Average Changed Cell Count", aborted || turnsDone == 0 ? nan : PyText.round((double) changedSum / turnsDone, 4));
        s.episode("Average Generated Instruction Length", aborted || turnsDone == 0 ? nan : PyText.round((double) lengthSum / turnsDone, 4));
        s.episode("Average Generated Expression Number of Tokens", aborted || turnsDone == 0 ? nan : PyText.round((double) tokenSum / turnsDone, 4));
        s.episode(Metrics.SUCCESS, !aborted && f1.doubleValue() >= 99 ? 1 : 0);
        s.episode(Metrics.LOSE, !aborted && f1.doubleValue() < 99 ? 1 : 0);
        s.episode(Metrics.ABORTED, aborted ? 1 : 0);
        s.episode(Metrics.REQUEST_COUNT, requests);
        s.episode(Metrics.VIOLATED, violated);
        s.episode(Metrics.PARSED, parsed);
        s.episode(Metrics.REQUEST_SUCCESS, requests == 0 ? (Number) 0 : (Number) PyText.round((double) parsed / requests, 4));
        return s;
    }
}
