package dev.lightbulb.games.transcript;

import dev.lightbulb.SharedData;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Our transcripts of the golden v1.6 episodes carry the same dialogue as clembench's published transcript.html and
 * transcript.tex of those episodes: the same messages in the same order, with the same speaker labels, the same
 * direction classes (game master to player, player to game master, the game master's notes) and the same text.
 */
class TranscriptGoldenTest {

    /** One message as a transcript shows it. */
    record Message(String speaker, String direction, String text) {}

    @TestFactory
    List<DynamicTest> sameDialogueAsClembenchsTranscripts() throws Exception {
        Path root = SharedData.path("clembench/golden/v1.6");
        List<DynamicTest> tests = new ArrayList<>();
        for (EpisodeFolder e : EpisodeFolder.findAll(root)) {
            Path html = e.dir().resolve("transcript.html"), tex = e.dir().resolve("transcript.tex");
            String name = e.game() + "/" + e.experiment() + "/episode_" + e.index();
            if (Files.exists(html)) tests.add(DynamicTest.dynamicTest(name + " html", () -> {
                List<Message> theirs = clembenchHtml(Jsoup.parse(Files.readString(html)));
                List<Message> ours = ourHtml(Jsoup.parse(TranscriptHtml.render(Transcript.read(e), null)));
                assertFalse(theirs.isEmpty());
                assertEquals(theirs, ours);
            }));
            if (Files.exists(tex)) tests.add(DynamicTest.dynamicTest(name + " tex", () -> {
                List<Message> theirs = clembenchTex(Files.readString(tex));
                List<Message> ours = ourTex(TranscriptTex.render(Transcript.read(e)));
                assertFalse(theirs.isEmpty());
                assertEquals(theirs, ours);
            }));
        }
        assertEquals(34, tests.size(), "18 transcript.html and 16 transcript.tex");
        return tests;
    }

    /** clembench: {@code <div speaker="..." class="msg gm-a"><p>text with <br/> for new lines</p></div>}. */
    static List<Message> clembenchHtml(Document d) {
        List<Message> out = new ArrayList<>();
        for (Element m : d.select("div.chat > div.msg")) {
            StringBuilder text = new StringBuilder();
            for (Node n : m.selectFirst("p").childNodes()) {
                if (n instanceof TextNode t) text.append(t.getWholeText());
                else if (n instanceof Element br && br.tagName().equals("br")) text.append('\n');
                else throw new AssertionError("unexpected node in a clembench message: " + n);
            }
            out.add(new Message(m.attr("speaker"), direction(m), text.toString()));
        }
        return out;
    }

    static List<Message> ourHtml(Document d) {
        List<Message> out = new ArrayList<>();
        for (Element m : d.select("div.chat > div.msg")) {
            assertEquals(m.attr("data-speaker"), m.selectFirst(".speaker").text(), "the label shown is the label");
            out.add(new Message(m.attr("data-speaker"), direction(m), m.selectFirst(".text").wholeText()));
        }
        return out;
    }

    private static String direction(Element m) {
        List<String> classes = new ArrayList<>(m.classNames());
        classes.remove("msg");
        classes.remove("differs");
        assertEquals(1, classes.size(), () -> "one direction class: " + m.className());
        return classes.getFirst();
    }

    /** The tag of each clembench tex bubble names its direction: [A$\langle$GM] etc. */
    private static final Pattern CLEMBENCH_TEX = Pattern.compile(
            "\\{\\\\tiny \\[(.+?)\\]\\}  \\n\\t (.*?) \\n\\t  \\} \\n\\t   \\} \\n\\t   \\} \\n", Pattern.DOTALL);
    private static final Pattern OUR_TEX = Pattern.compile(
            "\\{\\\\tiny \\[(.+?)\\]\\}\\n\\t (.*?)\\n\\t  \\}\\n\\t \\}\\n\\t \\}\\n", Pattern.DOTALL);

    static List<Message> clembenchTex(String tex) {
        List<Message> out = new ArrayList<>();
        Matcher m = CLEMBENCH_TEX.matcher(tex);
        while (m.find()) out.add(new Message(m.group(1), m.group(1), m.group(2).replace(LatexText.LINE_BREAK, "\n")));
        return out;
    }

    static List<Message> ourTex(String tex) {
        List<Message> out = new ArrayList<>();
        Matcher m = OUR_TEX.matcher(tex);
        while (m.find()) out.add(new Message(m.group(1), m.group(1), LatexTextTest.unescape(m.group(2))));
        return out;
    }
}
