package dev.lightbulb.games.transcript;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** transcript.tex compiles whatever the text holds; the compile runs where pdflatex is installed, and is skipped elsewhere. */
class TranscriptTexCompileTest {

    @Test
    void charactersPdflatexLacksAreDeclared() {
        String d = TranscriptTex.unicodeDeclarations("grid ▢ ▢, café, naïve, Łódź, “quoted” – ok, 😀, 漢, Ħ");
        assertTrue(d.contains("\\DeclareUnicodeCharacter{25A2}{\\makebox[0.5em]{$\\square$}}"), d);
        assertTrue(d.contains("\\DeclareUnicodeCharacter{1F600}{{\\tiny[U+1F600]}}"), d);
        assertTrue(d.contains("{6F22}") && d.contains("{0126}"), d);
        assertEquals(4, d.lines().filter(l -> l.startsWith("  \\DeclareUnicodeCharacter")).count(), "é, ï, Ł, ó, ź, quotes and dash need none: " + d);
        assertEquals("", TranscriptTex.unicodeDeclarations("plain ASCII and Latin-1: é ß ©"));
    }

    @Test
    void aHostileEpisodeCompilesWithPdflatex(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(onPath("pdflatex"), "pdflatex is not installed");
        Path episode = TranscriptHtmlTest.hostileEpisode(tmp);
        var interactions = (com.fasterxml.jackson.databind.node.ObjectNode) dev.lightbulb.games.Json.read(episode.resolve("interactions.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) interactions.get("turns").get(0).get(0).get("action"))
                .put("content", "▢ ▢ X\nemoji 😀, 漢字, Ħ ŉ ſ, C1 \u0085 control, tab\there, ~^_%&$#{}\\ [brackets] * after a break\n[x]");
        dev.lightbulb.games.Json.write(episode.resolve("interactions.json"), interactions);
        Files.writeString(tmp.resolve("t.tex"), TranscriptTex.render(Transcript.read(EpisodeFolder.of(episode))));
        Process p = new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "t.tex")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pdflatex did not finish");
        String log = Files.readString(tmp.resolve("out.txt"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.size(tmp.resolve("t.pdf")) > 1000);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }
}
