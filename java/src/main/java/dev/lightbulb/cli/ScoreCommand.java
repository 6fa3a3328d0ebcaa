package dev.lightbulb.cli;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.EpisodeDir;
import dev.lightbulb.games.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lightbulb score DIR}: recompute scores.json of every episode under DIR from its interactions.json.
 * An episode the runner recorded as failed is left without scores.json (a stale one, written by an
 * older {@code score} that rescored failures as a Lose, is deleted), so {@code eval} leaves it out as
 * clembench leaves out every episode without scores. A malformed episode is reported on its own line;
 * the others are still scored and the command exits 2.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Recompute scores.json for every episode under DIR from its interactions.json (clembench result folders work too). "
                + "Episodes recorded as failed get no scores.json.")
public final class ScoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a results folder (model-pair/game/<idx>_<experiment>/episode_<n>/...)")
    Path dir;

    @Override
    public Integer call() {
        List<EpisodeDir> episodes = EpisodeDir.findAll(dir);
        if (episodes.isEmpty()) throw new LightbulbException(dir + ": no episode folder with an interactions.json");
        int scored = 0, failed = 0, bad = 0;
        for (EpisodeDir ep : episodes) {
            Path scores = ep.dir().resolve("scores.json");
            try {
                if (ep.failure() != null) {
                    Files.deleteIfExists(scores);
                    failed++;
                    continue;
                }
                Json.write(scores, ep.score().toJson());
                scored++;
            } catch (LightbulbException e) {
                System.err.println("lightbulb: " + e.getMessage());
                bad++;
            } catch (IOException e) {
                System.err.println("lightbulb: " + scores + ": cannot delete (" + e.getMessage() + ")");
                bad++;
            }
        }
        System.out.println("scored " + scored + " of " + episodes.size() + " episodes under " + dir
                + (failed == 0 ? "" : "; " + failed + " recorded as failed by the run (left without scores.json)"));
        TranscribeCommand.transcribe(dir, System.out);
        if (bad > 0)
            throw new LightbulbException(bad + " of " + episodes.size() + " episodes under " + dir + " could not be scored (see above)");
        return 0;
    }
}
