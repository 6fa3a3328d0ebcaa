package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.browse.ResultsBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb transcribe DIR}: every episode's transcript.html and transcript.tex, and the results browser
 * (DIR/index.html); {@code run}, {@code replay} and {@code score} end with the same.
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Write transcript.html and transcript.tex beside every interactions.json under DIR (clembench result folders work too), "
                + "and the results browser DIR/index.html.")
public final class TranscribeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a results folder")
    Path dir;

    @Override
    public Integer call() {
        ResultsBrowser.Summary s = transcribe(dir, System.out);
        if (s.transcribed() == 0 && s.bad() == 0) throw new LightbulbException(dir + ": no episode folder with an interactions.json");
        if (s.bad() > 0) throw new LightbulbException(s.bad() + " episodes under " + dir + " could not be transcribed (see above)");
        return 0;
    }

    /** Writes the transcripts and the browser, says where; an unreadable episode is reported on stderr and skipped. */
    static ResultsBrowser.Summary transcribe(Path dir, PrintStream out) {
        ResultsBrowser.Summary s = ResultsBrowser.write(dir, System.err);
        out.println("transcripts of " + s.transcribed() + (s.transcribed() == 1 ? " episode" : " episodes") + "; results browser: " + s.index());
        return s;
    }
}
