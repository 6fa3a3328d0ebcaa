package dev.lightbulb.games.transcript;

/**
 * Who speaks to whom in a transcript, as clembench's transcripts class their messages: the game master to player 1
 * (A) or player 2 (B), a player to the game master, and the game master's notes to itself (its private log: parsed
 * answers, validations, outcomes). Any other pair (not logged by the clembench games) is {@link #OTHER}.
 */
public enum Direction {
    GM_TO_A("gm-a"),
    A_TO_GM("a-gm"),
    GM_TO_B("gm-b"),
    B_TO_GM("b-gm"),
    GM_NOTE("gm-gm"),
    OTHER("other");

    /** The class clembench's transcript.html gives the message (ours keeps it, with our own styling). */
    public final String cssClass;

    Direction(String cssClass) { this.cssClass = cssClass; }

    public static Direction of(String from, String to) {
        boolean fromGm = from.equals("GM"), toGm = to.equals("GM");
        if (fromGm && toGm) return GM_NOTE;
        if (fromGm && to.equals("Player 1")) return GM_TO_A;
        if (fromGm && to.equals("Player 2")) return GM_TO_B;
        if (toGm && from.equals("Player 1")) return A_TO_GM;
        if (toGm && from.equals("Player 2")) return B_TO_GM;
        return OTHER;
    }
}
