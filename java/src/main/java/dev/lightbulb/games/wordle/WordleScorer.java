package dev.lightbulb.games.wordle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.PyText;
import dev.lightbulb.games.Scores;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wordle scores (clembench v1.6 utils/compute_metrics.py) from the {@code data_for_computation}
 * the game master logs last: per guess request counts, closeness (5/green, 3/yellow) and strategy
 * score; per episode outcome, request counts, Main Score (speed), guess repetitions and, with a
 * critic, how often the guesser kept or changed its guess after agreement/disagreement.
 */
final class WordleScorer {
    private WordleScorer() {}

    /**
     * The {@code data_for_computation} of the last event of the last turn, where clembench's scorer
     * looks (it scores nothing when it is elsewhere or empty, so neither do we).
     */
    static JsonNode dataForComputation(JsonNode interactions) {
        JsonNode turns = interactions.path("turns");
        JsonNode last = turns.path(turns.size() - 1);
        JsonNode d = last.path(last.size() - 1).path("action").path("data_for_computation");
        if (!d.isObject() || d.isEmpty())
            throw new LightbulbException("wordle interactions: the last event carries no 'data_for_computation'");
        return d;
    }

    static Scores score(JsonNode interactions, String gameName) {
        JsonNode d = dataForComputation(interactions);
        String where = "wordle interactions data_for_computation";
        String status = Json.text(d, "game_final_status", where);
        boolean aborted = status.equals("ABORTED"), lose = status.equals("LOSS"), win = status.equals("WIN");
        JsonNode req = d.path("turns_req_count"), par = d.path("turns_parse_count"), fb = d.path("turns_guess_feedback");
        List<String> guesses = new ArrayList<>(), feedback = new ArrayList<>();
        for (JsonNode g : fb) { guesses.add(g.get(0).asText()); feedback.add(g.get(1).asText()); }
        boolean useCritic = d.path("use_critic").asBoolean();
        List<Integer> changes = new ArrayList<>();
        if (useCritic) for (JsonNode c : d.path("critic_guesses_change")) changes.add(c.get(0).asText().equals(c.get(1).asText()) ? 0 : 1);

        for (String key : List.of("guesser_req_count", "critic_req_count", "guesser_parsed_req_count", "critic_parsed_req_count"))
            if (!Json.field(d, key, where).isInt()) throw new LightbulbException(where + ": '" + key + "' is not a count");
        if (!req.isArray() || !par.isArray() || !fb.isArray() || req.size() != par.size())
            throw new LightbulbException(where + ": turns_req_count, turns_parse_count and turns_guess_feedback must be lists, the first two of one length");
        Scores s = new Scores();
        for (int i = 0; i < req.size(); i++) {
            int r = req.get(i).asInt() - (i == 0 ? 0 : req.get(i - 1).asInt());
            int p = par.get(i).asInt() - (i == 0 ? 0 : par.get(i - 1).asInt());
            s.turn(i + 1, Metrics.REQUEST_COUNT, r);
            s.turn(i + 1, Metrics.PARSED, p);
            s.turn(i + 1, Metrics.VIOLATED, r - p);
        }
        Metrics.outcome(s, aborted, lose, win);
        int requests = d.path("guesser_req_count").asInt() + d.path("critic_req_count").asInt();
        int parsed = d.path("guesser_parsed_req_count").asInt() + d.path("critic_parsed_req_count").asInt();
        s.episode(Metrics.REQUEST_COUNT, requests);
        s.episode(Metrics.PARSED, parsed);
        s.episode(Metrics.VIOLATED, requests - parsed);
        // clembench divides by the request count without a guard: a record with none is not scorable
        if (requests == 0) throw new LightbulbException(where + ": no request counted");
        s.episode(Metrics.REQUEST_SUCCESS, PyText.round((double) parsed / requests, 2));
        s.episode(Metrics.MAIN_SCORE, aborted ? Double.NaN : lose ? 0 : speed(guesses.size(), gameName));
        int distinct = new HashSet<>(guesses).size();
        s.episode("repeats guess", Metrics.nanOr(aborted, guesses.size() != distinct ? 1 : 0));
        s.episode("total guess repetitions", Metrics.nanOr(aborted, guesses.size() - distinct));

        // turn scores; an episode aborted before any valid guess gets NaN at turn 1, as upstream
        List<? extends Number> closeness = guesses.isEmpty() ? nanList() : closeness(feedback);
        List<? extends Number> strategy = guesses.isEmpty() ? nanList()
                : aborted && guesses.size() == 1 ? List.of(0) : strategy(feedback);
        for (int i = 0; i < closeness.size(); i++) s.turn(i + 1, "closeness score", closeness.get(i));
        for (int i = 0; i < strategy.size(); i++) s.turn(i + 1, "strategy score", strategy.get(i));
        if (useCritic) {
            List<? extends Number> change = changes.isEmpty() ? nanList() : changes;
            for (int i = 0; i < change.size(); i++) s.turn(i + 1, "change_of_opinion", change.get(i));
        }
        if (useCritic) criticScores(s, d);
        return s;
    }

    private static List<Double> nanList() { return List.of(Double.NaN); }

    /** v1.6 speed: classic wordle 100/100/100/50/30/20 by guesses; the clue variants round(100/n, 2). */
    static Number speed(int guesses, String gameName) {
        if (!gameName.equals("wordle")) return PyText.round(100.0 / guesses, 2);
        return guesses <= 3 ? 100 : guesses == 4 ? 50 : guesses == 5 ? 30 : 20;
    }

    static List<Integer> closeness(List<String> feedback) {
        List<Integer> out = new ArrayList<>();
        for (String f : feedback) {
            int score = 0;
            for (String letter : f.split(" ")) score += letter.contains("green") ? 5 : letter.contains("yellow") ? 3 : 0;
            out.add(score);
        }
        return out;
    }

    private static final Pattern LETTER = Pattern.compile("\\b(\\w+)\\b\\s*<(.+?)>", Pattern.UNICODE_CHARACTER_CLASS);

    /** First guess 0 (or 100 if it was the only one); then -20 per red, +20 per green, +10 per yellow letter reused. */
    static List<Integer> strategy(List<String> feedback) {
        if (feedback.size() == 1) return List.of(100);
        List<Integer> out = new ArrayList<>();
        if (feedback.isEmpty()) return out;
        out.add(0);
        for (int i = 1; i < feedback.size(); i++) {
            Map<String, Set<String>> prev = byColor(feedback.get(i - 1));
            Set<String> next = new HashSet<>();
            byColor(feedback.get(i)).values().forEach(next::addAll);
            out.add(-20 * common(prev.get("red"), next) + 20 * common(prev.get("green"), next)
                    + 10 * common(prev.get("yellow"), next));
        }
        return out;
    }

    private static Map<String, Set<String>> byColor(String feedback) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String token : feedback.split(" ")) {
            Matcher m = LETTER.matcher(token);
            while (m.find()) out.computeIfAbsent(PyText.strip(m.group(2)), k -> new HashSet<>()).add(PyText.strip(m.group(1)));
        }
        return out;
    }

    private static int common(Set<String> a, Set<String> b) {
        if (a == null) return 0;
        int n = 0;
        for (String x : a) if (b.contains(x)) n++;
        return n;
    }

    /** round(part / total, 2), or the int 0 when total is 0 (as clembench logs it). */
    private static Number ratio(int part, int total) {
        return total > 0 ? (Number) PyText.round((double) part / total, 2) : (Number) 0;
    }

    private static void criticScores(Scores s, JsonNode d) {
        int yes = 0, no = 0, sameYes = 0, diffYes = 0, sameNo = 0, diffNo = 0;
        JsonNode changes = d.path("critic_guesses_change");
        for (JsonNode c : changes) {
            boolean changed = !c.get(0).asText().equals(c.get(1).asText());
            if (c.get(2).asText().equals("yes")) { yes++; if (changed) diffYes++; else sameYes++; }
            else { no++; if (changed) diffNo++; else sameNo++; }
        }
        boolean none = changes.isEmpty();
        Number repYes = Metrics.nanOr(none, ratio(sameYes, yes)), adjYes = Metrics.nanOr(none, ratio(diffYes, yes));
        Number repNo = Metrics.nanOr(none, ratio(sameNo, no)), adjNo = Metrics.nanOr(none, ratio(diffNo, no));
        s.episode("Repetition-Guesser-On-Critic-Agreement", repYes);
        s.episode("Non-Repetition-Guesser-On-Critic-Agreement", adjYes);
        s.episode("Repetition-Guesser-On-Critic-Disagreement", repNo);
        s.episode("Non-Repetition-Guesser-On-Critic-Disagreement", adjNo);
    }
}
