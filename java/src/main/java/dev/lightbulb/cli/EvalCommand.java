package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lightbulb eval DIR}: clembench's results.csv and raw.csv for DIR, and the clemscore table. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Aggregate every scores.json under DIR into DIR/results.csv and DIR/raw.csv (as clembench's bencheval) and print the clemscore table.")
public final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a results folder")
    Path dir;

    @Override
    public Integer call() {
        Evaluator.Collected c = evaluate(dir, System.out);
        if (c.raw().isEmpty()) {
            int failed = c.leftOut().values().stream().mapToInt(Evaluator.LeftOut::failed).sum();
            int unscored = c.leftOut().values().stream().mapToInt(Evaluator.LeftOut::unscored).sum();
            throw new LightbulbException(dir + ": no scores.json found (" + failed + " episodes recorded as failed, "
                    + unscored + " not scored, " + c.broken().size() + " broken; run `lightbulb score` first)");
        }
        if (!c.broken().isEmpty())
            throw new LightbulbException(c.broken().size() + " broken episodes under " + dir
                    + " are left out of the tables (each named above); the tables cover the others");
        return 0;
    }

    /**
     * Writes raw.csv and results.csv into {@code dir} and prints the clemscore table, then per model how
     * many episodes the scores leave out (failed, unscored, which clembench silently ignores, or broken);
     * each broken episode is named on stderr with the reason. Used by {@code run} too. Returns what it
     * collected; when no episode under {@code dir} has a scores.json (its raw list is empty) it writes and
     * prints no table.
     */
    static Evaluator.Collected evaluate(Path dir, PrintStream out) {
        Evaluator.Collected collected = Evaluator.collect(dir);
        collected.broken().forEach(b -> System.err.println("lightbulb: broken episode, left out: " + b.reason()));
        List<Evaluator.RawScore> raw = collected.raw();
        if (raw.isEmpty()) return collected;
        List<Evaluator.ModelResult> results = Evaluator.results(raw);
        Evaluator.writeRaw(dir.resolve("raw.csv"), raw);
        Evaluator.writeResults(dir.resolve("results.csv"), results);
        out.printf("%-60s %10s %10s %10s%n", "model", "clemscore", "% played", "quality");
        for (Evaluator.ModelResult r : results)
            out.printf("%-60s %10s %10s %10s%n", r.model(), cell(r.clemscore()), cell(r.avgPlayed()), cell(r.avgQuality()));
        collected.leftOut().forEach((model, l) -> out.printf(
                "%s: %d episodes left out of the scores above: %d failed in the run, %d not scored (no scores.json; clembench leaves these out too), %d broken%n",
                model, l.total(), l.failed(), l.unscored(), l.broken()));
        return collected;
    }

    /** A table cell: two decimals, or n/a where clembench's value is NaN (e.g. no game played to its end). */
    static String cell(double v) { return Double.isNaN(v) ? "n/a" : String.format("%.2f", v); }
}
