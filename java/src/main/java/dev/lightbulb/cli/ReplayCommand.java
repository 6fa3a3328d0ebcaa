package dev.lightbulb.cli;

import dev.lightbulb.games.EpisodeDir;
import dev.lightbulb.games.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lightbulb replay EPISODE_DIR --out DIR}: play a recorded episode again with its recorded answers. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Play a recorded episode's instance again, each player answering what the recorded model answered; write instance/interactions/requests/scores.json.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EPISODE_DIR", description = "a folder .../<model-pair>/<game>/<idx>_<experiment>/episode_<n> (or .../<game>/<model>/<experiment>/episode_<n>)")
    Path episode;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write <model-pair>/<game>/<idx>_<experiment>/episode_<n>/ (clembench's layout; the source's model folder)")
    Path out;

    @Override
    public Integer call() {
        Path written = Replay.replay(EpisodeDir.of(episode), out);
        System.out.println("replayed into " + written);
        TranscribeCommand.transcribe(out, System.out);
        return 0;
    }
}
