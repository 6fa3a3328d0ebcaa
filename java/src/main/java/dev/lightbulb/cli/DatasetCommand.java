package dev.lightbulb.cli;

import dev.lightbulb.games.EpisodeDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lightbulb dataset episodes}: finetuning data from recorded games. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Make finetuning data",
        subcommands = DatasetCommand.Episodes.class)
public final class DatasetCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "episodes", mixinStandardHelpOptions = true,
            description = "Every model call of the recorded clembench episodes under DIR as one chat JSONL line (prompt messages + the reply as the assistant's), for finetune --data")
    static final class Episodes implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "a results folder (clembench layout)")
        Path dir;

        @Option(names = "--out", required = true, paramLabel = "OUT.jsonl", description = "the chat JSONL to write")
        Path out;

        @Option(names = "--only-success", description = "only episodes whose scores.json says Success = 1")
        boolean onlySuccess;

        @Override
        public Integer call() {
            EpisodeDataset.Written w = EpisodeDataset.write(dir, out, onlySuccess);
            System.out.println(out + ": " + w.lines() + " chat lines from " + w.episodes() + " episodes"
                    + (onlySuccess ? " (" + w.skippedEpisodes() + " episodes without success left out)" : ""));
            return 0;
        }
    }
}
