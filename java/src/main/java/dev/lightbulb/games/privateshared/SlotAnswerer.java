package dev.lightbulb.games.privateshared;

import dev.lightbulb.games.ExpertPlayer;
import dev.lightbulb.text.chat.ChatMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privateshared answerer expert. It reads its private slots out of the first prompt ("FROM: London" lines)
 * and tells which slot a request or a probe is about from the game's wordings ({@link SlotPhrases}). A request it
 * answers with that slot's value alone; a probe ("does the other side know X?") with yes exactly when it was asked
 * for X before or one of its answers already contained X's value.
 */
final class SlotAnswerer extends ExpertPlayer {
    private static final Pattern SLOT_LINE = Pattern.compile("(?m)^([A-Z][A-Z-]*): (.+)$");
    private static final String ANSWER = "ANSWER: ", ASIDE = "ASIDE: ", PROBE = "ME: ";

    private final SlotPhrases phrases;

    SlotAnswerer(SlotPhrases phrases) {
        super("privateshared answerer");
        this.phrases = phrases;
    }

    @Override
    protected String answer(List<ChatMessage> messages) {
        Map<String, String> slots = slots(firstPrompt(messages));
        List<String> received = texts(messages, "user");
        String last = received.getLast();
        if (last.startsWith(PROBE)) {
            String slot = phrases.probedSlot(last);
            return ASIDE + (slot != null && known(slot, slots, received, messages) ? "yes" : "no");
        }
        String slot = phrases.requestedSlot(last);
        String value = slot == null ? null : slots.get(slot);
        return ANSWER + (value == null ? "I have no preference." : value);
    }

    /** The slot lines of the prompt, keyed by lowercase label ("WHAT" is the scenario, not a slot). */
    private Map<String, String> slots(String prompt) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SLOT_LINE.matcher(prompt);
        while (m.find())
            if (!m.group(1).equals("WHAT") && !m.group(1).equals("ME")) out.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).strip());
        if (out.isEmpty()) throw unreadable("no 'SLOT: value' lines in the first prompt");
        return out;
    }

    /** Whether the questioner knows a slot: it asked for it (a request before the probe), or an answer gave its value. */
    private boolean known(String slot, Map<String, String> slots, List<String> received, List<ChatMessage> messages) {
        for (String r : received.subList(1, received.size() - 1))
            if (slot.equals(phrases.requestedSlot(r))) return true;
        String value = slots.getOrDefault(slot, "").toLowerCase(Locale.ROOT);
        if (value.isEmpty()) return false;
        for (String own : texts(messages, "assistant"))
            if (own.startsWith(ANSWER) && own.toLowerCase(Locale.ROOT).contains(value)) return true;
        return false;
    }
}
