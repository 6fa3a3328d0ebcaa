package dev.lightbulb.games.browse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.games.Json;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made result folders in clembench's layout, with the outcomes a test asks for, and link checks on pages. */
final class CraftedRuns {
    private CraftedRuns() {}

    /**
     * Writes {@code root/pair/game/expFolder/episode_n/} with interactions.json (the game master asks, player 1
     * answers {@code answer}, the game master notes the outcome), instance.json, requests.json (one call, 100 prompt
     * and {@code tokens} generated tokens) and, unless outcome is "failed" or "unscored", scores.json.
     */
    static Path episode(Path root, String pair, String game, String expFolder, int n, String outcome, double mainScore,
                        String answer, int tokens) throws Exception {
        Path dir = root.resolve(pair).resolve(game).resolve(expFolder).resolve("episode_" + n);
        Files.createDirectories(dir);
        ObjectNode interactions = Json.object();
        interactions.putObject("players").put("GM", "Game master for " + game).put("Player 1", "Describer, " + pair);
        ArrayNode turn = interactions.putArray("turns").addArray();
        event(turn, "GM", "Player 1", "send message", "Play instance " + n + ".");
        event(turn, "Player 1", "GM", "get message", answer);
        event(turn, "GM", "GM", "outcome", outcome);
        if (outcome.equals("failed")) interactions.put("lightbulb failure", "ContextExceededException: too long");
        Json.write(dir.resolve("interactions.json"), interactions);
        Json.write(dir.resolve("instance.json"), Json.object().put("game_id", n).put("target", "word" + n));
        ArrayNode requests = Json.MAPPER.createArrayNode();
        requests.addObject().putObject("raw_response_obj").put("prompt_tokens", 100).put("completion_tokens", tokens);
        Json.write(dir.resolve("requests.json"), requests);
        if (!outcome.equals("failed") && !outcome.equals("unscored")) {
            ObjectNode scores = Json.object();
            scores.putObject("turn scores");
            ObjectNode ep = scores.putObject("episode scores");
            ep.put("Aborted", outcome.equals("aborted") ? 1 : 0).put("Lose", outcome.equals("lose") ? 1 : 0)
                    .put("Success", outcome.equals("success") ? 1 : 0).put("Main Score", mainScore);
            Json.write(dir.resolve("scores.json"), scores);
        }
        return dir;
    }

    private static void event(ArrayNode turn, String from, String to, String type, String content) {
        ObjectNode e = turn.addObject().put("from", from).put("to", to).put("timestamp", "2024-05-15T21:48:13");
        e.putObject("action").put("type", type).put("content", content);
    }

    /** Every HTML file under root. */
    static List<Path> pages(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    /** Checks that every link of every page under root leads to a file that exists; returns how many were checked. */
    static int assertLinksResolve(Path root) throws Exception {
        int checked = 0;
        for (Path page : pages(root)) {
            Document d = Jsoup.parse(page.toFile());
            for (Element a : d.select("a[href]")) {
                String href = a.attr("href");
                if (href.startsWith("#")) continue;
                assertTrue(!href.contains(":"), page + ": a link leaves the folder: " + href);
                String file = URLDecoder.decode(href.replaceAll("#.*", ""), StandardCharsets.UTF_8);
                Path target = page.getParent().resolve(file).normalize();
                assertTrue(Files.isRegularFile(target), page + ": link " + href + " -> " + target + " does not exist");
                checked++;
            }
        }
        return checked;
    }

    /** The values of a table's column, by its head's text. */
    static List<String> column(Element table, String head) {
        List<String> heads = table.select("thead tr").last().select("th").eachText();
        int col = heads.indexOf(head);
        assertTrue(col >= 0, "no column " + head + " in " + heads);
        List<String> out = new ArrayList<>();
        for (Element tr : table.select("tbody tr")) out.add(tr.child(col).text());
        return out;
    }
}
