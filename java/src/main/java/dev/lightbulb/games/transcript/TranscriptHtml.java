package dev.lightbulb.games.transcript;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static dev.lightbulb.games.transcript.HtmlText.escape;

/**
 * An episode's transcript.html, laid out as clembench's (clemcore@e99b0336, clemgame/transcript_utils.py): the
 * dialogue in two tracks, player 1 (A) on the left and player 2 (B) on the right, the game master between them,
 * its messages drawn towards the player they go to, its private notes small in the middle; every message carries
 * clembench's speaker label and direction class. The header names the episode; the style is lightbulb's own.
 */
public final class TranscriptHtml {
    private TranscriptHtml() {}

    /** Links a transcript shows back to the results browser (null: none). */
    public record Links(String index, String gamePage) {}

    public static String render(Transcript t, Links links) {
        EpisodeFolder e = t.episode();
        StringBuilder b = new StringBuilder();
        b.append("<header class=\"episode\">\n");
        if (links != null)
            b.append("<nav><a href=\"").append(escape(links.index())).append("\">results</a> › <a href=\"")
                    .append(escape(links.gamePage())).append("\">").append(escape(e.game())).append("</a></nav>\n");
        b.append("<h1>").append(escape(e.game())).append(" <span class=\"sub\">").append(escape(e.experiment()))
                .append(" · episode ").append(e.index()).append("</span></h1>\n");
        b.append("<p class=\"pair\">").append(escape(e.model())).append("</p>\n");
        b.append(players(t.players()));
        if (t.run() != null) b.append(run(t.run()));
        if (t.failure() != null)
            b.append("<p class=\"failure\">The run recorded this episode as failed: ").append(escape(t.failure()))
                    .append(". The dialogue stops where the player failed; the episode has no scores.</p>\n");
        b.append("</header>\n");
        b.append("<main>\n").append(chat(t.events())).append("</main>\n");
        b.append("<footer>").append(t.events().size()).append(" events in ").append(t.turns())
                .append(" turns · written by lightbulb from interactions.json</footer>\n");
        return HtmlPage.render(e.game() + " · " + e.experiment() + " · episode " + e.index() + " · " + e.model(),
                "transcript", b.toString(), null);
    }

    /** The dialogue alone: the track heads and every event as a message, with a mark where each turn begins. */
    public static String chat(List<TranscriptEvent> events) { return chat(events, new boolean[events.size()]); }

    /** The dialogue, with the messages at the places {@code marked} says set apart (class "differs"). */
    public static String chat(List<TranscriptEvent> events, boolean[] marked) {
        StringBuilder b = new StringBuilder("<div class=\"chat\">\n<div class=\"tracks\" aria-hidden=\"true\">"
                + "<span>Player 1 (A)</span><span>Game Master</span><span>Player 2 (B)</span></div>\n");
        int turn = -1;
        for (int i = 0; i < events.size(); i++) {
            TranscriptEvent ev = events.get(i);
            if (ev.turn() != turn) {
                turn = ev.turn();
                b.append("<div class=\"turn\" data-turn=\"").append(turn).append("\">turn ").append(turn).append("</div>\n");
            }
            String speaker = escape(ev.speaker());
            b.append("<div class=\"msg ").append(ev.direction().cssClass).append(marked[i] ? " differs" : "").append("\" data-speaker=\"").append(speaker)
                    .append("\" data-type=\"").append(escape(ev.type())).append("\">")
                    .append("<div class=\"speaker\">").append(speaker).append("</div>")
                    .append("<div class=\"text\">").append(escape(ev.text())).append("</div></div>\n");
        }
        return b.append("</div>\n").toString();
    }

    private static String players(Map<String, String> players) {
        if (players.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<dl class=\"players\">\n");
        players.forEach((k, v) -> b.append("<dt>").append(escape(label(k))).append("</dt><dd>").append(escape(v)).append("</dd>\n"));
        return b.append("</dl>\n").toString();
    }

    private static String label(String key) {
        return switch (key) {
            case "GM" -> "Game Master";
            case "Player 1", "Player_1" -> "Player 1 (A)";
            case "Player 2", "Player_2" -> "Player 2 (B)";
            default -> key;
        };
    }

    /** What lightbulb's runner recorded: the model, its file and quantisation, the backend, every sampling setting. */
    private static String run(JsonNode run) {
        StringBuilder b = new StringBuilder("<details class=\"run\"><summary>how it was run</summary>\n<dl>\n");
        run.properties().forEach(p -> {
            if (p.getValue().isObject())
                p.getValue().properties().forEach(q -> item(b, p.getKey() + "." + q.getKey(), q.getValue()));
            else item(b, p.getKey(), p.getValue());
        });
        return b.append("</dl></details>\n").toString();
    }

    private static void item(StringBuilder b, String key, JsonNode value) {
        b.append("<dt>").append(escape(key)).append("</dt><dd>").append(escape(value.isValueNode() ? value.asText() : value.toString())).append("</dd>\n");
    }
}
