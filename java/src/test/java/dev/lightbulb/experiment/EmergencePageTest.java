package dev.lightbulb.experiment;

import dev.lightbulb.analysis.emergence.EmergenceAnalysis;
import dev.lightbulb.analysis.emergence.EmergenceLawForm;
import dev.lightbulb.analysis.emergence.EmergenceReport;
import dev.lightbulb.games.Games;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page of a grid where the skill does emerge: cells drawn from a known law (elbow E(D) = 2 + 0.2·ln D, few-shot
 * elbow 2 at D0 = 1) go through the table and the fit, and the page places the predicted few-shot point near 2 and
 * the observed one between the right checkpoints.
 */
class EmergencePageTest {
    @TempDir
    Path dir;

    @Test
    void aGridThatEmergesShowsThePredictedAndTheObservedPoint() throws IOException {
        List<Path> checkpoints = new ArrayList<>();
        double[] losses = {3.4, 3.0, 2.6, 2.2, 1.8, 1.4};
        for (int i = 0; i < losses.length; i++) {
            Path p = dir.resolve("m" + i + ".gguf");
            Files.writeString(p, "stand-in");
            checkpoints.add(p);
        }
        Path heldOut = dir.resolve("heldout.jsonl");
        Files.writeString(heldOut, "{\"text\": \"x\"}\n");
        List<Integer> amounts = List.of(0, 10, 100, 1000);
        EmergenceGrid grid = new EmergenceGrid(checkpoints, List.of(Games.byName("taboo")), amounts, heldOut, null, 1, 10,
                new Recipe(0, 1, 1e-3, 1, 512, 512, 0), dir.resolve("grid"));
        SplittableRandom noise = new SplittableRandom(7);
        List<CellResult> cells = new ArrayList<>();
        for (int c = 1; c <= grid.cells(); c++) {
            double loss = losses[(c - 1) / amounts.size()];
            int d = grid.amount(c);
            double elbow = 2 + 0.2 * Math.log(Math.max(d, 1));
            double accuracy = Math.min(1, 0.02 + 0.4 * Math.max(0, elbow - loss) + 0.005 * (noise.nextDouble() - 0.5));
            cells.add(new CellResult(c, EmergenceGrid.modelName(grid.checkpoint(c)), grid.checkpoint(c).toString(), d, loss, accuracy,
                    100 * accuracy, 100, 100 * accuracy, 10, 1, "ok", null));
        }
        Path table = EmergenceTable.write(cells, grid.out());
        EmergenceReport.Written fit = EmergenceReport.write(table, EmergenceLawForm.fromCliName("log-power"), 1,
                new EmergenceAnalysis.Settings(20, 200, 1000, 10, 3), grid.out().resolve("fit"));
        Path page = EmergencePage.write(grid, cells, fit, null, grid.out().resolve("fit"));
        String html = Files.readString(page);
        assertTrue(html.contains("predicts few-shot emergence at loss"), html);
        String predicted = html.replaceAll("(?s).*predicts few-shot emergence at loss <b>([0-9.]+)</b>.*", "$1");
        assertEquals(2.0, Double.parseDouble(predicted), 0.25, "the law's few-shot elbow");
        assertTrue(html.contains("the weakest checkpoint that emerged is m4") && html.contains("the strongest that did not is m3"), html);
        assertTrue(html.contains("data:image/png;base64,"), "the plots are inlined");
    }
}
