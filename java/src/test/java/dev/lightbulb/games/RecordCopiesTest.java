package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Two copies of a record are the same record when only their times (and where the model file lay) differ. */
class RecordCopiesTest {
    private static JsonNode json(String text) throws Exception { return Json.MAPPER.readTree(text); }

    @Test
    void timesAtAnyDepthAndTheModelPathAreNoDifference() throws Exception {
        JsonNode a = json("""
                {"turns": [[{"from": "GM", "timestamp": "2026-12-05T07:10:26.810110", "action": {"content": "hi"}}]],
                 "lightbulb run": {"model_name": "m", "model_file": "/a/m.gguf", "model_sha256": "ff", "sampling": {"top_k": 1}},
                 "raw": [{"latency_ms": 12.5, "cached_prompt_tokens": 0, "clem_player": {"call_start": "x", "call_duration": "y"}}]}""");
        JsonNode b = json("""
                {"turns": [[{"from": "GM", "timestamp": "2026-12-06T01:00:00.000000", "action": {"content": "hi"}}]],
                 "lightbulb run": {"model_name": "m", "model_file": "/b/m.gguf", "model_sha256": "ff", "sampling": {"top_k": 1}},
                 "raw": [{"latency_ms": 99.0, "cached_prompt_tokens": 7, "clem_player": {"call_start": "z", "call_duration": "w"}}]}""");
        assertNull(RecordCopies.firstDifference(a, b, false));
        // the original is untouched
        assertEquals("/a/m.gguf", a.get("lightbulb run").get("model_file").asText());
        // a manifest is a run block itself
        assertNull(RecordCopies.firstDifference(json("{\"model_file\": \"a\", \"model_sha256\": \"ff\"}"),
                json("{\"model_file\": \"b\", \"model_sha256\": \"ff\"}"), true));
    }

    @Test
    void whatWasPlayedIsADifferenceNamedByItsPlace() throws Exception {
        JsonNode a = json("{\"turns\": [[{\"action\": {\"content\": \"GUESS: apple\"}}]], \"score\": 1}");
        assertEquals("at /turns/0/0/action/content: 'GUESS: apple' vs 'GUESS: pear'",
                RecordCopies.firstDifference(a, json("{\"turns\": [[{\"action\": {\"content\": \"GUESS: pear\"}}]], \"score\": 1}"), false));
        assertEquals("at /turns/0: 1 entries vs 2",
                RecordCopies.firstDifference(a, json("{\"turns\": [[{\"action\": {\"content\": \"GUESS: apple\"}}, {}]], \"score\": 1}"), false));
        assertEquals("at /score: '1' vs absent", RecordCopies.firstDifference(a, json("{\"turns\": [[{\"action\": {\"content\": \"GUESS: apple\"}}]]}"), false));
        assertEquals("at /model_sha256: 'ff' vs 'ee'", RecordCopies.firstDifference(json("{\"model_sha256\": \"ff\"}"), json("{\"model_sha256\": \"ee\"}"), true));
        // outside a run block, model_file is content like any other key
        assertEquals("at /model_file: 'a' vs 'b'", RecordCopies.firstDifference(json("{\"model_file\": \"a\"}"), json("{\"model_file\": \"b\"}"), false));
        assertEquals("at /: '[1]' vs '{}'", RecordCopies.firstDifference(json("[1]"), json("{}"), false));
    }
}
