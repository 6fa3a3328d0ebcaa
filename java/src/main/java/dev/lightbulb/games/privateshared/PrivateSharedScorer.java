package dev.lightbulb.games.privateshared;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.Scores;

import java.util.ArrayList;
import java.util.List;

/**
 * privateshared's scores (clembench PrivateSharedScorer) from the keys the game master logs:
 * per probe round request counts, accuracy and whether the slot was filled; per episode accuracy,
 * Cohen's kappa (as sklearn), truncated kappa, slot-filling accuracy and Main Score =
 * 100 * harmonic mean(SF accuracy, truncated kappa). Aborted → NaN.
 */
final class PrivateSharedScorer {
    private PrivateSharedScorer() {}

    static Scores score(JsonNode logs, JsonNode instance) {
        Scores s = new Scores();
        String where = "privateshared interactions";
        boolean aborted = Json.field(logs, "Aborted", where).asBoolean();
        int played = Json.field(logs, "Played Probe Rounds", where).asInt();
        int nSlots = Json.field(instance, "slots", "privateshared instance").size();
        JsonNode req = Json.field(logs, "Request Count", where), par = Json.field(logs, "Parsed Request Count", where),
                vio = Json.field(logs, "Violated Request Count", where), probes = Json.field(logs, "probes", where),
                filled = Json.field(logs, "Filled Slots", where);
        List<Integer> gold = new ArrayList<>(), pred = new ArrayList<>();
        for (int turn = 0; turn < played; turn++) {
            s.turn(turn, Metrics.REQUEST_COUNT, req.get(turn).asInt());
            s.turn(turn, Metrics.PARSED, par.get(turn).asInt());
            s.turn(turn, Metrics.VIOLATED, vio.get(turn).asInt());
            List<Integer> g = new ArrayList<>(), p = new ArrayList<>();
            for (JsonNode probe : probes.get(turn)) {
                g.add(probe.get("gt").asInt());
                p.add(probe.get("value").asInt());
            }
            double acc = Agreement.accuracy(g, p);
            s.turn(turn, "Accuracy", acc);
            if (turn != 0) s.turn(turn, "Slot Filled?", filled.get(turn - 1).asBoolean() ? 1 : 0);
            gold.addAll(g);
            pred.addAll(p);
            if (turn == (nSlots + 1) / 2 - 1) s.episode("Middle-Accuracy", aborted ? Double.NaN : acc);
        }
        double acc = aborted ? Double.NaN : Agreement.accuracy(gold, pred);
        double kappa = aborted ? Double.NaN : Agreement.cohenKappa(gold, pred);
        // Python's max(0, kappa): the int 0 when kappa is not positive (NaN included)
        Number truncKappa = Metrics.nanOr(aborted, kappa > 0 ? (Number) kappa : (Number) 0);
        double sfAcc = Double.NaN;
        if (!aborted) {
            int n = 0;
            for (JsonNode f : filled) if (f.asBoolean()) n++;
            sfAcc = (double) n / filled.size();
        }
        double k = truncKappa.doubleValue();
        Number bench;
        if (Double.isNaN(sfAcc) || Double.isNaN(k)) bench = Double.NaN;
        else if (sfAcc + k == 0) bench = 0;
        else bench = 100 * (2 * sfAcc * k / (sfAcc + k));
        s.episode("Accuracy", acc);
        s.episode("Kappa", kappa);
        s.episode("Truncated Kappa", truncKappa);
        s.episode("Slot-Filling-Accuracy", sfAcc);
        s.episode(Metrics.MAIN_SCORE, bench);
        boolean success = !aborted && acc == 1.0 && sfAcc == 1.0;
        Metrics.outcome(s, aborted, !aborted && !success, success);
        int r = sum(req), p = sum(par), v = sum(vio);
        s.episode(Metrics.REQUEST_COUNT, r);
        s.episode(Metrics.PARSED, p);
        s.episode(Metrics.VIOLATED, v);
        s.episode(Metrics.REQUEST_SUCCESS, (double) p / r);
        return s;
    }

    private static int sum(JsonNode a) {
        int s = 0;
        for (JsonNode x : a) s += x.asInt();
        return s;
    }
}
