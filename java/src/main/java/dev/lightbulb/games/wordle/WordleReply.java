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

    /**
     * {@link #value}; when the key is absent, "CONTEXT_EXCEEDED_ERROR" if the reply contains that text
     * (clembench's wordle puts it in place of a reply that did not fit), else {@code missing}.
     */
    static String valueOr(String reply, String key, String missing) {
        String v = value(reply, key);
        if (v != null) return v;
        return reply.contains(WordleMaster.CONTEXT_EXCEEDED) ? WordleMaster.CONTEXT_EXCEEDED : missing;
    }
}
