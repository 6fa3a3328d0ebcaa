package dev.lightbulb.games;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Record times as clembench's Python writes them (expected strings from CPython's datetime and timedelta). */
class PyTimeTest {
    @Test
    void datetimesAsIsoformatAndStr() {
        assertEquals("2024-05-29T14:56:41.123456", PyTime.isoformat(LocalDateTime.of(2024, 5, 29, 14, 56, 41, 123_456_789)));
        assertEquals("2024-05-29T14:56:00", PyTime.isoformat(LocalDateTime.of(2024, 5, 29, 14, 56)));
        assertEquals("2024-05-29 14:56:41.000005", PyTime.str(LocalDateTime.of(2024, 5, 29, 14, 56, 41, 5_000)));
    }

    @Test
    void durationsAsTimedeltaStr() {
        assertEquals("0:00:01.234567", PyTime.str(Duration.ofNanos(1_234_567_000)));
        assertEquals("1:02:03", PyTime.str(Duration.ofSeconds(3723)));
        assertEquals("1 day, 0:00:05", PyTime.str(Duration.ofDays(1).plusSeconds(5)));
        assertEquals("2 days, 0:00:00.000001", PyTime.str(Duration.ofDays(2).plusNanos(1_000)));
    }

    /** Every event and request of a played episode carries Python's formats. */
    @Test
    void recordsUseThem() {
        EpisodeRecord r = new EpisodeRecord();
        r.event("GM", "GM", Json.object().put("type", "metadata").put("content", "x"));
        r.request(java.util.List.of(), Reply.of("a"), "m", LocalDateTime.of(2024, 5, 29, 14, 56), Duration.ofMillis(1500));
        assertEquals("2024-05-29T14:56:00", r.requests().get(0).path("timestamp").asText());
        assertEquals("2024-05-29 14:56:00", r.requests().get(0).path("raw_response_obj").path("clem_player").path("call_start").asText());
        assertEquals("0:00:01.500000", r.requests().get(0).path("raw_response_obj").path("clem_player").path("call_duration").asText());
        String ts = r.interactions().get("turns").get(0).get(0).path("timestamp").asText();
        assertEquals(ts, PyTime.isoformat(LocalDateTime.parse(ts)));
    }
}
