package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.Excerpt;

import java.util.Set;
import java.util.TreeSet;

/**
 * Whether two copies of one result record (an episode's JSON files, an experiment file, a run's manifest) are the
 * same record: equal once the fields that say when and how fast it was made are left out, and the run block's
 * descriptive keys ({@link RunSettings#DESCRIPTIVE}: where the model file lay on each machine). Merging shards and
 * comparing a sharded run with an unsharded one both rely on this one definition.
 */
public final class RecordCopies {
    private RecordCopies() {}

    /**
     * Wall-clock fields (clembench's timestamps and call timings) and the prefix-cache hit count, which depends on
     * what else the engine ran before: none changes what was played or scored.
     */
    public static final Set<String> TIMING = Set.of("timestamp", "duration", "call_start", "call_duration", "latency_ms",
            "cached_prompt_tokens");

    /**
     * A copy of the record without its timing fields; {@code manifest}: the record is a run block itself
     * ({@link RunFolder#MANIFEST}), so its descriptive keys go too, as those of every nested "lightbulb run" block.
     */
    public static JsonNode withoutTimes(JsonNode record, boolean manifest) {
        JsonNode copy = record.deepCopy();
        strip(copy);
        if (manifest && copy instanceof ObjectNode o) o.remove(RunSettings.DESCRIPTIVE);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(TIMING);
            if (o.get(BenchmarkRunner.RUN_KEY) instanceof ObjectNode run) run.remove(RunSettings.DESCRIPTIVE);
            o.properties().forEach(e -> strip(e.getValue()));
        } else if (n.isArray()) {
            n.forEach(RecordCopies::strip);
        }
    }

    /**
     * Where two copies first differ, timing aside, as "at /turns/0/1/action/content: "a" vs "b""; null when they
     * are the same record.
     */
    public static String firstDifference(JsonNode a, JsonNode b, boolean manifest) {
        return difference(withoutTimes(a, manifest), withoutTimes(b, manifest), "");
    }

    private static String difference(JsonNode a, JsonNode b, String at) {
        if (a.equals(b)) return null;
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode x = a.get(k), y = b.get(k);
                if (x == null || y == null) return "at " + at + "/" + k + ": " + show(x) + " vs " + show(y);
                String d = difference(x, y, at + "/" + k);
                if (d != null) return d;
            }
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return "at " + (at.isEmpty() ? "/" : at) + ": " + a.size() + " entries vs " + b.size();
            for (int i = 0; i < a.size(); i++) {
                String d = difference(a.get(i), b.get(i), at + "/" + i);
                if (d != null) return d;
            }
        }
        return "at " + (at.isEmpty() ? "/" : at) + ": " + show(a) + " vs " + show(b);
    }

    private static String show(JsonNode v) {
        if (v == null) return "absent";
        return v.isTextual() ? Excerpt.quote(v.asText()) : Excerpt.quote(v.toString());
    }
}
