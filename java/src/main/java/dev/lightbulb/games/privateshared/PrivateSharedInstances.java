package dev.lightbulb.games.privateshared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.games.InstanceGenerator;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.TargetDraws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * New privateshared instances as clembench's privateshared generator makes them: per experiment a value for every
 * slot drawn from its {@code slot_values.json}, a random order of the requests, a random wording of each request and
 * of each slot's probing question in every probing round. The initial prompt is the evaluation instance's with its
 * slot lines exchanged (clembench's instances hold an earlier wording of the template, and they are what was evaluated).
 */
public final class PrivateSharedInstances implements InstanceGenerator {
    private static final String ROOT = "/dev/lightbulb/games/privateshared/texts/";

    @Override public String game() { return "privateshared"; }

    /** The questioner's tag and every slot's value, in slot order. */
    @Override public String target(JsonNode instance) { return instance.path("tag").asText() + " " + instance.path("slots"); }

    @Override
    public Candidates candidates(JsonNode experiment, Set<String> excluded) {
        String name = experiment.get("name").asText();
        ObjectNode template = (ObjectNode) experiment.get("game_instances").get(0);
        JsonNode values = Json.resource(ROOT + name + "/slot_values.json");
        Texts texts = Texts.load(name);
        long combinations = 1;
        for (JsonNode v : values) combinations = Math.min(Integer.MAX_VALUE, combinations * v.size());
        long capacity = Math.min(TargetDraws.SAMPLED_LIMIT, Math.max(0, combinations - excluded.size()));
        return new Candidates() {
            @Override public long capacity() { return capacity; }

            @Override
            public List<ObjectNode> draw(int count, Random random) {
                List<ObjectNode> drawn = TargetDraws.distinct(() -> sample(template, values, texts, random),
                        PrivateSharedInstances.this::target, excluded, count);
                for (int i = 0; i < drawn.size(); i++) drawn.get(i).put("game_id", i);
                return drawn;
            }
        };
    }

    /** One instance: slot values, request order, request wordings and probes, in clembench's order of draws. */
    private static ObjectNode sample(ObjectNode template, JsonNode values, Texts texts, Random random) {
        ObjectNode out = template.deepCopy();
        ObjectNode slots = out.putObject("slots");
        List<String> keys = new ArrayList<>();
        values.properties().forEach(e -> {
            keys.add(e.getKey());
            slots.set(e.getKey(), e.getValue().get(random.nextInt(e.getValue().size())).deepCopy());
        });
        out.put("initial_prompt", prompt(template, slots));
        List<String> order = new ArrayList<>(keys);
        Collections.shuffle(order, random);
        ArrayNode requestOrder = out.putArray("request_order");
        order.forEach(requestOrder::add);
        ObjectNode requests = out.putObject("requests");
        for (String k : keys) requests.put(k, random.nextInt(texts.requests().get(k).size()));
        ObjectNode probes = out.putObject("probes");
        for (int round = 0; round <= keys.size(); round++) {
            ObjectNode r = probes.putObject(Integer.toString(round));
            for (String k : keys) r.put(k, random.nextInt(texts.probingQuestions().get(k).size()));
        }
        return out;
    }

    /** The template's initial prompt with its slot lines ("WHAT: ..." then "KEY: value" per slot) exchanged. */
    static String prompt(JsonNode template, JsonNode slots) {
        String text = template.get("initial_prompt").asText();
        int what = text.indexOf("WHAT: ");
        if (what < 0) throw new IllegalStateException("privateshared prompt without a WHAT: line: " + text);
        String whatLine = text.substring(what, text.indexOf('\n', what) + 1);
        String old = whatLine + slotLines(template.get("slots"));
        if (text.indexOf(old) != what || text.indexOf(old, what + 1) >= 0)
            throw new IllegalStateException("privateshared prompt does not show its slots once, after WHAT: " + text);
        return text.substring(0, what) + whatLine + slotLines(slots) + text.substring(what + old.length());
    }

    private static String slotLines(JsonNode slots) {
        List<String> lines = new ArrayList<>();
        slots.properties().forEach(e -> lines.add(e.getKey().toUpperCase(Locale.ROOT) + ": " + e.getValue().asText()));
        return String.join("\n", lines);
    }
}
