package dev.lightbulb.experiment;

import dev.lightbulb.CliRun;
import dev.lightbulb.games.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small version of the README's emergence demo: two tiny checkpoints pretrained from scratch x amounts 0..3 on
 * referencegame, one evaluation instance per experiment. What must hold whatever the models learn: every cell has
 * its folder and row, a rerun redoes nothing, --cell runs one cell, the table is a function of the cell folders, a
 * diverging finetune is a failed cell and the grid goes on, and bad input is one clear line.
 */
class EmergenceExperimentTest {
    @TempDir
    static Path dir;
    static Path tiny1, tiny2, heldOut;

    @BeforeAll
    static void pretrain() throws IOException {
        List<String> text = new ArrayList<>();
        for (String chat : Files.readAllLines(Path.of("..", "examples", "stories-chat.jsonl"))) {
            text.add("{\"text\": " + chat.replaceAll(".*\"assistant\", \"content\": (\"[^\"]*\").*", "$1") + "}");
        }
        Path corpus = dir.resolve("corpus.jsonl");
        Files.write(corpus, text);
        heldOut = dir.resolve("heldout.jsonl");
        Files.write(heldOut, text.subList(0, 6));
        CliRun.Result r = CliRun.run("finetune", "--full", "--init", "random", "--shape", "dim=16,layers=1,heads=2,hidden=32,context=1024",
                "--data", corpus.toString(), "--out", dir.resolve("tiny").toString(), "--steps", "6", "--save-every", "3", "--snapshots",
                "--lr", "1e-2", "--warmup", "1", "--batch-tokens", "256");
        assertEquals(0, r.code(), r.err());
        tiny1 = dir.resolve("tiny/snapshots/model-step000003.gguf");
        tiny2 = dir.resolve("tiny/snapshots/model-step000006.gguf");
    }

    private static CliRun.Result grid(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("experiment", "emergence", "--checkpoints", tiny1 + "," + tiny2, "--games", "referencegame",
                "--amounts", "0,1,2,3", "--train-n", "8", "--eval-limit", "1", "--max-tokens", "4", "--heldout", heldOut.toString(),
                "--epochs", "1", "--batch-tokens", "2048", "--bootstrap", "0", "--mcmc-steps", "50", "--out", out.toString()));
        for (int i = 0; i < more.length; i += 2) {   // an option given here replaces the one above
            int at = args.indexOf(more[i]);
            if (at >= 0) args.subList(at, at + 2).clear();
            args.add(more[i]);
            args.add(more[i + 1]);
        }
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aGridMakesEveryCellTheTableTheFitAndThePageAndResumes() throws IOException {
        Path out = dir.resolve("grid");
        CliRun.Result r = grid(out, "--cell", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 of 8 cells finished"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("cells/02-model-step000003-d1/cell.json")));

        r = grid(out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8 of 8 cells finished"), r.out());
        List<String> table = Files.readAllLines(out.resolve(EmergenceTable.TABLE));
        assertEquals("model,loss,data_amount,accuracy,clemscore,played,quality,episodes,seconds", table.getFirst());
        assertEquals(9, table.size());
        for (String row : table.subList(1, 9)) assertTrue(row.endsWith(",") || row.split(",").length == 9, row);
        String page = Files.readString(out.resolve(EmergencePage.FILE));
        assertTrue(page.contains("Where does referencegame emerge?") && page.contains("model-step000006"), "the page names the grid and its models");
        assertTrue(Files.isRegularFile(out.resolve("fit/fit.json")) || r.out().contains("the fit could not be made"), r.out());
        double loss1 = Double.parseDouble(table.get(1).split(",")[1]), loss2 = Double.parseDouble(table.get(5).split(",")[1]);
        assertTrue(loss2 < loss1, "more pretraining, lower held-out loss: " + loss1 + " -> " + loss2);

        // a rerun redoes nothing, and the table is a function of the cell folders
        Path cell = out.resolve("cells/08-model-step000006-d3/cell.json");
        FileTime before = Files.getLastModifiedTime(cell);
        String csv = Files.readString(out.resolve(EmergenceTable.TABLE));
        Files.delete(out.resolve(EmergenceTable.TABLE));
        r = grid(out);
        assertEquals(0, r.code(), r.err());
        assertEquals(before, Files.getLastModifiedTime(cell));
        assertEquals(csv, Files.readString(out.resolve(EmergenceTable.TABLE)));
        assertTrue(!r.out().contains("finetuned"), "nothing finetuned again: " + r.out());

        // another grid into the same folder is refused
        r = grid(out, "--seed", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds another grid"), r.err());
    }

    @Test
    void aDivergingFinetuneIsAFailedCellAndTheGridGoesOn() {
        Path out = dir.resolve("diverging");
        CliRun.Result r = grid(out, "--lr", "1e30", "--cell", "3");
        assertEquals(0, r.code(), r.err());
        CellResult c = CellResult.read(out.resolve("cells/03-model-step000003-d2"));
        assertEquals("failed", c.status());
        assertTrue(c.reason().contains("the loss is"), c.reason());
        assertTrue(Json.read(out.resolve("cells/03-model-step000003-d2").resolve(CellResult.FILE)).has("reason"));
    }

    @Test
    void badInputIsOneClearLine() {
        Path out = dir.resolve("bad");
        String[][] cases = {
                {"--games", "chess"},
                {"--amounts", "0,50"},
                {"--cell", "9"},
                {"--amounts", "0,-1"},
                {"--eval-instances", "nowhere"},
        };
        String[] reasons = {"chess", "the experts won only", "outside the grid's cells", "negative", "nowhere"};
        for (int i = 0; i < cases.length; i++) {
            CliRun.Result r = grid(out.resolve("c" + i), cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().contains(reasons[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
