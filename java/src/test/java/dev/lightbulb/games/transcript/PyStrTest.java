package dev.lightbulb.games.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Python's str() of JSON values, against vectors CPython 3.11 wrote ({@code [json.dumps(v), str(v)]} for dicts, lists,
 * quotes, escapes, non-printable characters, and over 300 floats: edge cases, random bit patterns, random magnitudes).
 */
class PyStrTest {

    @Test
    void matchesCPython() throws Exception {
        JsonNode vectors = Json.MAPPER.readTree(PyStrTest.class.getResourceAsStream("pystr-vectors.json"));
        int n = 0;
        for (JsonNode v : vectors) {
            JsonNode value = Json.MAPPER.readTree(v.get(0).asText());
            assertEquals(v.get(1).asText(), PyStr.of(value), v.get(0).asText());
            n++;
        }
        assertEquals(334, n, "vectors read");
    }

    @Test
    void aStringIsItselfAndOtherValuesTheirRepr() throws Exception {
        assertEquals("it's", PyStr.of(Json.MAPPER.readTree("\"it's\"")));
        assertEquals("\"it's\"", PyStr.repr(Json.MAPPER.readTree("\"it's\"")));
        assertEquals("None", PyStr.of(Json.MAPPER.readTree("null")));
    }
}
