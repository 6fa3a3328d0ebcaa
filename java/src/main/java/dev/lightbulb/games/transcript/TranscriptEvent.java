package dev.lightbulb.games.transcript;

/**
 * One logged event of an episode as a transcript shows it: the turn it belongs to, who spoke to whom, the action's
 * type and its content as text (Python's str of the logged value, see {@link PyStr}).
 */
public record TranscriptEvent(int turn, String from, String to, String type, String text) {

    public Direction direction() { return Direction.of(from, to); }

    /**
     * The speaker label of clembench's transcripts: "Game Master to Player 1", "Player 2 to Game Master", and for the
     * game master's notes "Game Master: " and the action type.
     */
    public String speaker() {
        if (direction() == Direction.GM_NOTE) return "Game Master: " + type;
        return from.replace("GM", "Game Master") + " to " + to.replace("GM", "Game Master");
    }
}
