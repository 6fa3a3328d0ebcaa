package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which recorded settings count when a results folder is resumed: all but the model's name and path. */
class RunSettingsTest {
    static final Map<String, Object> SAMPLING = Map.of("temperature", 0.7, "max_new_tokens", 100, "top_k", 40,
            "top_p", 0.95, "min_p", 0.05, "repetition_penalty", 1.1, "presence_penalty", 0.0, "seed", 7, "context_length", 4096);

    static JsonNode block(String sha, String adapter, String numerics, Map<String, Object> change) {
        Map<String, Object> s = new LinkedHashMap<>(SAMPLING);
        s.putAll(change);
        return Json.MAPPER.valueToTree(new RunInfo("m", "m.gguf", sha, null, adapter, adapter == null ? null : "a/" + adapter, "Q8_0", "cpu", numerics, "chatml", s).asMap());
    }

    static JsonNode base() { return block("aa", null, "cpu-f32", Map.of()); }

    @Test
    void everySettingThatDiffersIsNamed() {
        assertEquals(List.of(), RunSettings.differences(base(), base()));
        for (String key : List.of("context_length", "max_new_tokens", "seed", "top_k"))
            assertEquals(List.of(key + " " + SAMPLING.get(key) + " there, 1 now"),
                    RunSettings.differences(base(), block("aa", null, "cpu-f32", Map.of(key, 1))));
        for (String key : List.of("temperature", "top_p", "min_p", "repetition_penalty", "presence_penalty"))
            assertEquals(List.of(key + " " + SAMPLING.get(key) + " there, 0.5 now"),
                    RunSettings.differences(base(), block("aa", null, "cpu-f32", Map.of(key, 0.5))));
        assertEquals(List.of("model_sha256 aa there, bb now"), RunSettings.differences(base(), block("bb", null, "cpu-f32", Map.of())));
        assertEquals(List.of("adapter none there, lora.gguf@cc now"),
                RunSettings.differences(base(), block("aa", "lora.gguf@cc", "cpu-f32", Map.of())));
        assertEquals(List.of("numerics cpu-f32 there, cuda-q8-activations now"),
                RunSettings.differences(base(), block("aa", null, "cuda-q8-activations", Map.of())));
    }

    @Test
    void nameAndPathDescribeOnlyAndNumbersCompareByValue() {
        JsonNode moved = base().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) moved).put("model_file", "/elsewhere/m.gguf").put("model_name", "other");
        ((com.fasterxml.jackson.databind.node.ObjectNode) moved.get("sampling")).put("top_p", new java.math.BigDecimal("0.950"));
        assertEquals(List.of(), RunSettings.differences(base(), moved));
    }

    /** A key added after a record was written: equal when the run leaves it empty, a difference when it sets it. */
    @Test
    void aKeyARecordLacksCountsAsEmpty() {
        JsonNode old = base().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) old).remove("adapter");
        ((com.fasterxml.jackson.databind.node.ObjectNode) old).remove("numerics");
        assertEquals(List.of("numerics not recorded there, cpu-f32 now"), RunSettings.differences(old, base()));
    }
}
