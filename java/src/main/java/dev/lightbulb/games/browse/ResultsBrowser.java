package dev.lightbulb.games.browse;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.transcript.EpisodeFolder;
import dev.lightbulb.games.transcript.HtmlPage;
import dev.lightbulb.games.transcript.Transcript;
import dev.lightbulb.games.transcript.TranscriptHtml;
import dev.lightbulb.games.transcript.TranscriptTex;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes, for every episode under a results folder, its transcript.html and transcript.tex beside its
 * interactions.json, and over them the results browser ({@code index.html}, {@code browse/}). Everything is built from
 * the episode records alone, so clembench's own result folders work too. An episode whose records cannot be read is
 * reported on its own line and left out; the others are still written.
 */
public final class ResultsBrowser {
    private ResultsBrowser() {}

    public static final String HTML = "transcript.html";
    public static final String TEX = "transcript.tex";

    /** What one pass wrote: transcripts, and the episodes that could not be read (each reported). */
    public record Summary(int transcribed, int bad, Path index) {}

    public static Summary write(Path root, PrintStream errors) {
        List<EpisodeFolder> episodes = EpisodeFolder.findAll(root);
        List<EpisodeRow> rows = new ArrayList<>();
        int bad = 0;
        for (EpisodeFolder e : episodes) {
            try {
                Transcript t = Transcript.read(e);
                TranscriptHtml.Links links = new TranscriptHtml.Links(
                        HtmlPage.href(e.dir().resolve(HTML), BrowserPages.index(root)),
                        HtmlPage.href(e.dir().resolve(HTML), BrowserPages.gamePage(root, e.game())));
                HtmlPage.write(e.dir().resolve(HTML), TranscriptHtml.render(t, links));
                HtmlPage.write(e.dir().resolve(TEX), TranscriptTex.render(t));
                rows.add(EpisodeRow.read(t));
            } catch (LightbulbException ex) {
                errors.println("lightbulb: " + ex.getMessage());
                bad++;
            }
        }
        BrowserPages.writeAll(root, rows);
        return new Summary(rows.size(), bad, BrowserPages.index(root));
    }
}
