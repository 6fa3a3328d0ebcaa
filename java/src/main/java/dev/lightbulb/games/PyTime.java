package dev.lightbulb.games;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times written as clembench's Python writes them, to microseconds (datetime and timedelta's own formats). */
public final class PyTime {
    private PyTime() {}

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** {@code datetime.isoformat()}: "2024-05-29T14:56:41.123456", without the fraction when it is zero. */
    public static String isoformat(LocalDateTime t) {
        LocalDateTime micros = t.truncatedTo(ChronoUnit.MICROS);
        int us = micros.getNano() / 1000;
        return SECONDS.format(micros) + (us == 0 ? "" : String.format(".%06d", us));
    }

    /** {@code str(datetime)}: as isoformat, with a space between date and time. */
    public static String str(LocalDateTime t) {
        return isoformat(t).replace('T', ' ');
    }

    /** {@code str(timedelta)} of a non-negative duration: "0:00:01.234567", "1 day, 2:03:04". */
    public static String str(Duration d) {
        long us = d.toNanos() / 1000;
        long days = us / 86_400_000_000L, rest = us % 86_400_000_000L;
        long h = rest / 3_600_000_000L, m = rest / 60_000_000L % 60, s = rest / 1_000_000L % 60, f = rest % 1_000_000L;
        String clock = h + ":" + String.format("%02d:%02d", m, s) + (f == 0 ? "" : String.format(".%06d", f));
        return days == 0 ? clock : days + (days == 1 ? " day, " : " days, ") + clock;
    }
}
