package dev.lightbulb.games.referencegame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.ChatModel;
import dev.lightbulb.games.Experts;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.GameMaster;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.PyRegex;
import dev.lightbulb.games.Scores;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * clembench's referencegame (one turn): Player 1 describes the target among three grids
 * ("Expression: ..."), Player 2 picks it ("Answer: first|second|third|..."). Both replies must
 * match the instance's regex (IGNORECASE, re.match) with an empty remainder, else the game aborts.
 */
public final class ReferenceGame implements Game {
    @Override public String name() { return "referencegame"; }

    @Override public int modelCount() { return 2; }

    @Override
    public GameMaster master(JsonNode experiment, JsonNode instance, List<ChatModel> models) {
        return new Master(experiment, instance, models.get(0), models.get(1));
    }

    /** Seat 0 describes the target ({@link ReferenceDescriber}), seat 1 picks it ({@link ReferenceGuesser}). */
    @Override
    public ChatModel expert(int seat) {
        return Experts.seat(name(), seat, ReferenceDescriber::new, ReferenceGuesser::new);
    }

    /** The instance regex, compiled as Python's re.IGNORECASE (ASCII and Unicode case folding). */
    static Pattern pattern(JsonNode instance, String field) {
        String where = "referencegame instance " + instance.path("game_id").asText("?");
        return PyRegex.compile(Json.text(instance, field, where), true, where + " field '" + field + "'");
    }

    /** re.match with an empty 'remainder' group, or null. */
    static Matcher strictMatch(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.lookingAt()) return null;
        return m.group("remainder").isEmpty() ? m : null;
    }

    private static final class Master extends GameMaster {
        private final ChatModel p1, p2;

        Master(JsonNode experiment, JsonNode instance, ChatModel p1, ChatModel p2) {
            super(experiment, instance);
            this.p1 = p1;
            this.p2 = p2;
        }

        @Override
        public void play() {
            String where = where("referencegame");
            Pattern p1Pattern = pattern(instance, "player_1_response_pattern");
            Pattern p2Pattern = pattern(instance, "player_2_response_pattern");
            String p1Prompt = Json.text(instance, "player_1_prompt_header", where);
            String p2Header = Json.text(instance, "player_2_prompt_header", where);
            record.players("GM", "Game master for referencegame", "Player_1", p1.name(), "Player_2", p2.name());
            record.nextTurn();

            String expression = talk("Player 1", p1, new ArrayList<>(), p1Prompt);
            if (!parsed(p1Pattern, expression, "expression", "Invalid generated expression")) return;
            String answer = talk("Player 2", p2, new ArrayList<>(), p2Header.replace("TARGET_EXPRESSION", expression));
            parsed(p2Pattern, answer, "answer", "Invalid generated choice");
        }

        /** Logs the parse (with the 'content' group under {@code key}) or the invalid format; true if parsed. */
        private boolean parsed(Pattern pattern, String reply, String key, String invalid) {
            Matcher m = strictMatch(pattern, reply);
            ObjectNode a = action(m == null ? "invalid format" : "parse", m == null ? invalid : reply);
            if (m == null) a.put("original_content", reply);
            else a.put(key, m.group("content"));
            record.event("GM", "GM", a);
            return m != null;
        }
    }

    /**
     * Scores as clembench v1.6 (referencegame/master.py ReferenceGameScorer): the GM's verdict on
     * Player 1 is the turn's third event, on Player 2 its sixth. P1 parsed → expression length and
     * tokens; P2's answer (re-matched with the instance regex, without the remainder check, when
     * logged as invalid format) is right iff its lowercase form is in target_grid_name (list
     * membership; a substring test where an older instance has a string). Aborted → Main Score NaN,
     * Lose = 1 - Success as upstream logs it. A record without those events is not scorable.
     */
    @Override
    public Scores score(JsonNode interactions, JsonNode experiment, JsonNode instance) {
        Scores s = new Scores();
        JsonNode turn = interactions.path("turns").path(0);
        JsonNode names = Json.field(instance, "target_grid_name", "referencegame instance");

        int requests = 1, parsed = 0, success = 0;
        boolean aborted = false;
        JsonNode p1 = event(turn, 2, "the game master's verdict on Player 1").path("action");
        if (p1.path("type").asText().equals("parse")) {
            parsed++;
            String expr = p1.has("expression") ? p1.path("expression").asText()
                    : group(pattern(instance, "player_1_response_pattern"), p1.path("content").asText());
            int length = expr.codePointCount(0, expr.length());
            s.turn(0, "Generated Expression Length", length);
            s.episode("Generated Expression Length", length);
            int tokens = expr.split(" ", -1).length;
            s.turn(0, "Generated Expression Number of Tokens", tokens);
            s.episode("Generated Expression Number of Tokens", tokens);
            requests++;
            JsonNode p2 = event(turn, 5, "the game master's verdict on Player 2").path("action");
            String answer = null;
            if (p2.path("type").asText().equals("invalid format")) {
                Matcher m = pattern(instance, "player_2_response_pattern").matcher(p2.path("original_content").asText());
                if (m.lookingAt()) answer = m.group("content");
            } else if (p2.path("type").asText().equals("parse")) {
                answer = p2.has("answer") ? p2.path("answer").asText()
                        : group(pattern(instance, "player_2_response_pattern"), p2.path("content").asText());
            }
            if (answer != null) {
                parsed++;
                if (isTarget(names, answer.toLowerCase(java.util.Locale.ROOT))) success = 1;
                s.episode("Aborted at Player 1", 0);
                s.episode("Aborted at Player 2", 0);
            } else {
                s.episode("Aborted at Player 1", 0);
                s.episode("Aborted at Player 2", 1);
                aborted = true;
            }
        } else {
            s.episode("Aborted at Player 1", 1);
            s.episode("Aborted at Player 2", 0);
            s.turn(0, "Generated Expression Length", Double.NaN);
            s.episode("Generated Expression Length", Double.NaN);
            s.turn(0, "Generated Expression Number of Tokens", Double.NaN);
            s.episode("Generated Expression Number of Tokens", Double.NaN);
            aborted = true;
        }
        s.turn(0, Metrics.REQUEST_COUNT, requests);
        s.turn(0, Metrics.PARSED, parsed);
        s.turn(0, Metrics.VIOLATED, requests - parsed);
        s.turn(0, Metrics.SUCCESS, success);
        s.episode(Metrics.REQUEST_COUNT, requests);
        s.episode(Metrics.PARSED, parsed);
        s.episode(Metrics.VIOLATED, requests - parsed);
        s.episode(Metrics.SUCCESS, success);
        s.episode(Metrics.LOSE, 1 - success);
        s.episode(Metrics.ABORTED, aborted ? 1 : 0);
        s.episode(Metrics.MAIN_SCORE, Metrics.nanOr(aborted, 100 * success));
        s.episode(Metrics.REQUEST_SUCCESS, dev.lightbulb.games.PyText.round((double) parsed / requests, 4));
        return s;
    }

    /** Python's {@code answer in target_grid_name}: list membership, or a substring test on a string. */
    static boolean isTarget(JsonNode names, String answer) {
        if (names.isTextual()) return names.asText().contains(answer);
        for (JsonNode n : names) if (n.asText().equals(answer)) return true;
        return false;
    }

    /** The 'content' group of a parse the game master logged without it (records older than the 'expression'/'answer' keys). */
    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.lookingAt()) throw new LightbulbException("referencegame interactions: a logged parse does not match the instance regex");
        return m.group("content");
    }

    private static JsonNode event(JsonNode turn, int index, String what) {
        JsonNode e = turn.path(index);
        if (!e.isObject()) throw new LightbulbException("referencegame interactions: turns[0][" + index + "] (" + what + ") is missing");
        return e;
    }
}
