package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.PairedBootstrap;
import dev.lightbulb.games.browse.ComparisonPages;
import dev.lightbulb.games.browse.RunComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lightbulb compare DIR_A DIR_B --out DIR}: two runs of the same instances, paired. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Pair the same instances of two runs; write where their outcomes differ, the transcripts side by side "
                + "and per-game score differences (B - A) with a paired bootstrap interval to DIR/index.html.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR_A", description = "the first run's results folder (one model folder)")
    Path a;

    @Parameters(index = "1", paramLabel = "DIR_B", description = "the second run's results folder")
    Path b;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the comparison's pages")
    Path out;

    @Option(names = "--resamples", defaultValue = "10000", description = "bootstrap resamples (default ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "1", description = "bootstrap seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--level", defaultValue = "0.95", description = "interval level (default ${DEFAULT-VALUE})")
    double level;

    @Override
    public Integer call() {
        if (resamples < 1) throw new LightbulbException("--resamples must be >= 1, got " + resamples);
        if (!(level > 0 && level < 1)) throw new LightbulbException("--level must be between 0 and 1, got " + level);
        RunComparison.Bootstrap settings = new RunComparison.Bootstrap(resamples, seed, level);
        RunComparison c = RunComparison.of(a, b, settings);
        ComparisonPages.write(c, settings, out);
        System.out.printf("A = %s, B = %s: %d pairs, %d end differently, %d only in A, %d only in B%n", c.a().name(), c.b().name(),
                c.pairs().size(), c.pairs().stream().filter(RunComparison.Pair::outcomeDiffers).count(), c.onlyA().size(), c.onlyB().size());
        System.out.printf("%-20s %6s %8s %10s  %s%n", "game", "scored", "changes", "score B-A", "interval");
        for (RunComparison.GameDifference g : c.games())
            System.out.printf("%-20s %6d %8d %s%n", g.game(), g.scoredPairs(), g.outcomeChanges(), interval(g.score()));
        System.out.printf("%-20s %6s %8s %s%n", "clemscore", "", "", interval(c.clemscore()));
        System.out.println("comparison: " + ComparisonPages.index(out));
        return 0;
    }

    private static String interval(PairedBootstrap.Interval ci) {
        return ci == null ? String.format("%10s  (no scored pair)", "n/a")
                : String.format("%+10.2f  [%+.2f, %+.2f]", ci.difference(), ci.lower(), ci.upper());
    }
}
