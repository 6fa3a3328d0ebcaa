package dev.lightbulb.games.wordle;

import dev.lightbulb.games.PyText;

/** Extracts "key:" values from a wordle reply: the text after the first "key:" up to the next newline, stripped. */
final class WordleReply {
    private WordleReply() {}

    /** The value of {@code key} (e.g. "guess"), or null when "key:" does not occur (case-sensitive). */
    static String value(String reply, String key) {
        String text = reply + "\n";
        int at = text.indexOf(key + ":");
        if (at < 0) return null;
        int from = at + key.length() + 1;
        return PyText.strip(text.substring(from, text.indexOf('\n', from)));
    }
}
