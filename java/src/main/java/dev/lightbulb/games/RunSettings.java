package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether two "lightbulb run" blocks ({@link RunInfo#asMap()}) describe the same settings. Every key
 * is a setting except {@link #DESCRIPTIVE} ones; the nested "sampling" map counts key by key. A key
 * added later (e.g. an adapter's identity) is compared without any change here; a key a record lacks
 * equals null, so records written before a key existed still match a run that leaves it null.
 */
public final class RunSettings {
    private RunSettings() {}

    /** Keys that describe and do not change results: the name the folder already carries, where the files lay. */
    static final Set<String> DESCRIPTIVE = Set.of("model_name", "model_file", "adapter_file", "instances");

    /** The settings of a run block, flattened: sampling's keys at top level, in order. */
    static Map<String, JsonNode> settings(JsonNode block) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = block.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (DESCRIPTIVE.contains(e.getKey())) continue;
            if (e.getKey().equals("sampling") && e.getValue().isObject()) e.getValue().properties().forEach(s -> out.put(s.getKey(), s.getValue()));
            else out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Each setting whose value differs, worded "top_p 0.9 there, 0.95 now" ({@code recorded} is "there");
     * empty when the two blocks agree.
     */
    public static List<String> differences(JsonNode recorded, JsonNode current) {
        Map<String, JsonNode> there = settings(recorded), now = settings(current);
        List<String> out = new ArrayList<>();
        Set<String> keys = new java.util.LinkedHashSet<>(now.keySet());
        keys.addAll(there.keySet());
        for (String k : keys) {
            JsonNode a = there.get(k), b = now.get(k);
            if (!same(a, b)) out.add(k + " " + show(a) + " there, " + show(b) + " now");
        }
        return out;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull(), bNull = b == null || b.isNull();
        if (aNull || bNull) return aNull && bNull;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    private static String show(JsonNode v) {
        if (v == null) return "not recorded";
        if (v.isNull()) return "none";
        return v.isTextual() ? v.asText() : v.toString();
    }
}
