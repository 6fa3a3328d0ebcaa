package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.EpisodeDir;
import dev.lightbulb.games.Evaluator;
import dev.lightbulb.games.ResultsMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb eval DIR...}: clembench's results.csv and raw.csv for DIR, and the clemscore table; over several
 * folders (the shards of a run), the table of what {@code merge} would make of them, written nowhere.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Aggregate every scores.json under DIR into DIR/results.csv and DIR/raw.csv (as clembench's bencheval) and print the clemscore table.",
                "Several folders (e.g. the shards of one run) are evaluated as their merge: copies of an episode must agree; "
                        + "the table is printed, not written (lightbulb merge makes the folder). Planned episodes that no folder holds are reported."})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "results folders")
    List<Path> dirs;

    @Override
    public Integer call() {
        ResultsMerge.Plan plan = ResultsMerge.plan(dirs);
        Evaluator.Collected c = dirs.size() == 1 ? evaluate(dirs.getFirst(), System.out)
                : report(Evaluator.collect(plan.episodes().values().stream().map(EpisodeDir::of).toList()), null, System.out);
        reportGaps(plan, System.out);
        String where = dirs.size() == 1 ? dirs.getFirst().toString() : dirs.size() + " folders";
        if (c.raw().isEmpty()) {
            int failed = c.leftOut().values().stream().mapToInt(Evaluator.LeftOut::failed).sum();
            int unscored = c.leftOut().values().stream().mapToInt(Evaluator.LeftOut::unscored).sum();
            throw new LightbulbException(where + ": no scores.json found (" + failed + " episodes recorded as failed, "
                    + unscored + " not scored, " + c.broken().size() + " broken; run `lightbulb score` first)");
        }
        if (!c.broken().isEmpty())
            throw new LightbulbException(c.broken().size() + " broken episodes under " + where
                    + " are left out of the tables (each named above); the tables cover the others");
        return 0;
    }

    /**
     * Writes raw.csv and results.csv into {@code dir} and prints the clemscore table, then per model how
     * many episodes the scores leave out (failed, unscored, which clembench silently ignores, or broken);
     * each broken episode is named on stderr with the reason. Used by {@code run} and {@code merge} too. Returns
     * what it collected; when no episode under {@code dir} has a scores.json (its raw list is empty) it writes and
     * prints no table.
     */
    static Evaluator.Collected evaluate(Path dir, PrintStream out) {
        return report(Evaluator.collect(dir), dir, out);
    }

    /** Prints the table of what was collected, and writes the two tables into {@code tables} unless it is null. */
    private static Evaluator.Collected report(Evaluator.Collected collected, Path tables, PrintStream out) {
        collected.broken().forEach(b -> System.err.println("lightbulb: broken episode, left out: " + b.reason()));
        List<Evaluator.RawScore> raw = collected.raw();
        if (raw.isEmpty()) return collected;
        List<Evaluator.ModelResult> results = Evaluator.results(raw);
        if (tables != null) {
            Evaluator.writeRaw(tables.resolve("raw.csv"), raw);
            Evaluator.writeResults(tables.resolve("results.csv"), results);
        }
        out.printf("%-60s %10s %10s %10s%n", "model", "clemscore", "% played", "quality");
        for (Evaluator.ModelResult r : results)
            out.printf("%-60s %10s %10s %10s%n", r.model(), cell(r.clemscore()), cell(r.avgPlayed()), cell(r.avgQuality()));
        collected.leftOut().forEach((model, l) -> out.printf(
                "%s: %d episodes left out of the scores above: %d failed in the run, %d not scored (no scores.json; clembench leaves these out too), %d broken%n",
                model, l.total(), l.failed(), l.unscored(), l.broken()));
        return collected;
    }

    /** What the folders lack: episodes their runs planned that none holds, and episode folders cut off mid-write. */
    static void reportGaps(ResultsMerge.Plan plan, PrintStream out) {
        if (!plan.missing().isEmpty())
            out.println(plan.missing().size() + " planned episodes are in none of the folders (rerun the shards that play them): " + some(plan.missing()));
        if (!plan.unfinished().isEmpty())
            out.println(plan.unfinished().size() + " episode folders were cut off before their interactions.json and are left out "
                    + "(a rerun of their shard plays them): " + some(plan.unfinished()));
    }

    private static String some(Collection<?> items) {
        List<String> shown = items.stream().limit(5).map(Object::toString).toList();
        return String.join(", ", shown) + (items.size() > shown.size() ? " and " + (items.size() - shown.size()) + " more" : "");
    }

    /** A table cell: two decimals, or n/a where clembench's value is NaN (e.g. no game played to its end). */
    static String cell(double v) { return Double.isNaN(v) ? "n/a" : String.format("%.2f", v); }
}
