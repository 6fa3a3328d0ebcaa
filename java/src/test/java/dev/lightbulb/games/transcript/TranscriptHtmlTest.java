package dev.lightbulb.games.transcript;

import dev.lightbulb.games.Json;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A transcript's structure, and what it makes of hostile answers. */
class TranscriptHtmlTest {
    static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)> & </div></main><p>\n"
            + "\\end{document} $5 100% #1 {x}_y ~ ^ \u0007";

    /** A crafted taboo-like episode: both players, the game master's notes, a hostile answer and a dict content. */
    static Path hostileEpisode(Path root) throws Exception {
        Path dir = root.resolve("m-t0.0--m-t0.0/taboo/0_high_en/episode_0");
        Files.createDirectories(dir);
        var interactions = Json.object();
        interactions.putObject("players").put("GM", "Game master for taboo").put("Player 1", "WordDescriber, <b>m</b>")
                .put("Player 2", "WordGuesser, m");
        var turns = interactions.putArray("turns");
        var t0 = turns.addArray();
        event(t0, "GM", "Player 1", "send message", "describe <target>");
        event(t0, "Player 1", "GM", "get message", HOSTILE);
        event(t0, "GM", "GM", "invalid format", "<script>alert(2)</script>");
        var t1 = turns.addArray();
        event(t1, "GM", "Player 2", "send message", "CLUE: x");
        var e = t1.addObject().put("from", "Player 2").put("to", "GM");
        e.putObject("action").put("type", "get message").putObject("content").put("guess", "it's").put("n", 1);
        event(t1, "GM", "GM", "parse", "end game");
        interactions.put("lightbulb failure", "boom <script>");
        Json.write(dir.resolve("interactions.json"), interactions);
        return dir;
    }

    private static void event(com.fasterxml.jackson.databind.node.ArrayNode turn, String from, String to, String type, String content) {
        var e = turn.addObject().put("from", from).put("to", to).put("timestamp", "2024-05-15T21:48:13");
        e.putObject("action").put("type", type).put("content", content);
    }

    @Test
    void hostileAnswersShowAsTextAndNothingRuns(@TempDir Path tmp) throws Exception {
        EpisodeFolder e = EpisodeFolder.of(hostileEpisode(tmp));
        String html = TranscriptHtml.render(Transcript.read(e), new TranscriptHtml.Links("../../../../index.html", "../../../../browse/taboo.html"));
        Document d = Jsoup.parse(html);
        assertTrue(d.select("script, img, iframe, object").isEmpty(), "no element came from a model's text");
        assertTrue(d.getAllElements().stream().allMatch(el -> el.attributes().asList().stream().noneMatch(a -> a.getKey().startsWith("on"))),
                "no event handler attribute");
        assertTrue(d.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content").contains("default-src 'none'"));
        List<Element> msgs = d.select("div.chat > div.msg");
        assertEquals(6, msgs.size());
        assertEquals(HOSTILE.replace('\u0007', '\u2407'), msgs.get(1).selectFirst(".text").wholeText(), "the answer, as text, with the bell shown as ␇");
        assertEquals("Player 1 to Game Master", msgs.get(1).attr("data-speaker"));
        assertEquals("Game Master: invalid format", msgs.get(2).attr("data-speaker"));
        assertEquals("<script>alert(2)</script>", msgs.get(2).selectFirst(".text").text());
        assertEquals("{'guess': \"it's\", 'n': 1}", msgs.get(4).selectFirst(".text").text(), "a dict shows as Python prints it");
        assertEquals(List.of("gm-a", "a-gm", "gm-gm", "gm-b", "b-gm", "gm-gm"),
                msgs.stream().map(m -> m.className().replace("msg ", "")).toList());
        assertEquals(List.of("0", "1"), d.select("div.turn").eachAttr("data-turn"));
        assertEquals("WordDescriber, <b>m</b>", d.select("dl.players dd").get(1).text());
        assertTrue(d.selectFirst(".failure").text().contains("boom <script>"));
        assertEquals("taboo", d.selectFirst("h1").ownText().trim());
        assertEquals(List.of("../../../../index.html", "../../../../browse/taboo.html"), d.select("header nav a").eachAttr("href"));
    }

    @Test
    void texEscapesTheAnswersAndKeepsItsStructure(@TempDir Path tmp) throws Exception {
        String tex = TranscriptTex.render(Transcript.read(EpisodeFolder.of(hostileEpisode(tmp))));
        assertEquals(1, count(tex, "\\end{document}"), "only ours");
        assertEquals(1, count(tex, "\\begin{supertabular}"));
        assertEquals(6, count(tex, "\\theutterance \\stepcounter{utterance}"));
        List<TranscriptGoldenTest.Message> msgs = TranscriptGoldenTest.ourTex(tex);
        assertEquals(HOSTILE.replace("\u0007", ""), msgs.get(1).text());
        assertEquals(List.of("A$\\langle$GM", "A$\\rangle$GM", "GM$|$GM", "GM$\\rangle$B", "GM$\\langle$B", "GM$|$GM"),
                msgs.stream().map(TranscriptGoldenTest.Message::speaker).toList());
        // every brace LaTeX sees is balanced (escaped ones print and do not count)
        String active = tex.replace("\\{", "").replace("\\}", "");
        int depth = 0;
        for (char c : active.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            assertTrue(depth >= 0, "a closing brace before its opening one");
        }
        assertEquals(0, depth, "braces balance");
        // every row has seven cells: six & per row, before the \\ that ends it
        for (String row : tex.split("\\\\theutterance \\\\stepcounter\\{utterance\\}")) {
            if (!row.contains("\\multicolumn{")) continue;
            String cells = row.substring(0, row.lastIndexOf("\\\\")).replace("\\&", "");
            int span = Integer.parseInt(row.replaceAll("(?s).*?\\\\multicolumn\\{(\\d)\\}.*", "$1"));
            assertEquals(6 - span + 1, count(cells, "&"), row);
        }
    }

    @Test
    void aMalformedRecordIsOneErrorNamingTheFileAndTheEvent(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("p/taboo/0_high_en/episode_3");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("interactions.json"), "{\"players\": {}, \"turns\": [[{\"from\": \"GM\", \"to\": \"GM\", \"action\": {\"type\": \"x\"}}]]}");
        var ex = assertThrows(dev.lightbulb.LightbulbException.class, () -> Transcript.read(EpisodeFolder.of(dir)));
        assertTrue(ex.getMessage().contains("interactions.json: turns[0][0]: missing field 'action.content'"), ex.getMessage());
        Files.writeString(dir.resolve("interactions.json"), "{\"players\": {}, \"turns\": {}}");
        ex = assertThrows(dev.lightbulb.LightbulbException.class, () -> Transcript.read(EpisodeFolder.of(dir)));
        assertTrue(ex.getMessage().endsWith("field 'turns' must be a list of turns"), ex.getMessage());
    }

    @Test
    void anEpisodeOfAGameWeDoNotPlayIsStillTranscribed(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("pair/cloudgame/2_hard/episode_12");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("interactions.json"), "{\"players\": {}, \"turns\": [[{\"from\": \"GM\", \"to\": \"Player 1\", "
                + "\"action\": {\"type\": \"send message\", \"content\": \"hi\"}}]]}");
        EpisodeFolder e = EpisodeFolder.of(dir);
        assertEquals(List.of("pair", "cloudgame", "hard", 12), List.of(e.model(), e.game(), e.experiment(), e.index()));
        Document d = Jsoup.parse(TranscriptHtml.render(Transcript.read(e), null));
        assertNull(d.selectFirst("header nav"));
        assertEquals("hi", d.selectFirst("div.msg.gm-a .text").text());
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }
}
