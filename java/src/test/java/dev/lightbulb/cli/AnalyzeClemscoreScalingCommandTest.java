package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.CliRun;
import dev.lightbulb.SharedData;
import dev.lightbulb.analysis.table.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.*;

class AnalyzeClemscoreScalingCommandTest {
    /** The bundled tables make the command run with nothing but --out. */
    @Test
    void runsOnTheBundledTablesWithNoOtherArgument(@TempDir Path out) throws Exception {
        CliRun.Result r = CliRun.run("analyze", "clemscore-scaling", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("joined 48 models (17 own benchmark rows, 31 base-model rows)"), r.out());
        assertFalse(r.out().contains("UNMAPPED"), r.out());
        JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
        assertEquals(200, fit.get("options").get("bootstrap").asInt());
        for (String target : new String[]{"clemscore", "played", "quality"}) {
            JsonNode fits = fit.get("targets").get(target).get("fits");
            for (Iterator<String> it = fits.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode f = fits.get(name);
                for (String field : new String[]{"n", "loo_mae_points", "test_mae_points", "weights", "degenerate"}) {
                    assertTrue(f.has(field), target + "." + name + " lacks " + field);
                }
                assertTrue(f.get("loo_mae_points").isNumber(), target + "." + name);
            }
            assertEquals(7, fits.get("pc").get("weights").size());
            assertEquals(7, fits.get("pc").get("weights_bootstrap_95").size());
            assertTrue(fit.get("targets").get(target).get("pc_split_fit").get("bootstrap").get("note").asText()
                    .startsWith("lightbulb's addition"));
        }
        assertFalse(Files.readString(out.resolve("fit.json")).contains("NaN"));
        Table predictions = Table.read(out.resolve("predictions.csv"));
        assertEquals(3 * 48, predictions.rowCount());
        for (String c : new String[]{"target", "model", "mapping", "actual_points", "pc_loo_points", "flops_loo_points",
                "log_params_loo_points", "equivalent_log10_flops"}) predictions.requireColumn(c);
        assertEquals(78, Table.read(out.resolve("join.csv")).rowCount());
        for (String plot : new String[]{"predicted_vs_actual_clemscore", "clemscore_vs_equivalent_flops"}) {
            assertTrue(Files.size(out.resolve(plot + ".png")) > 1000, plot);
            assertTrue(Files.readString(out.resolve(plot + ".svg")).contains("<svg"), plot);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("id=\"clemscore-scaling\"") && html.contains("<svg"), "self-contained report");
    }

    @Test
    void unmappedNamesAreListedNotDropped(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.csv");
        Files.writeString(results, Files.readString(SharedData.path("clembench/results/results_main.csv"))
                + "my-new-model-t0.0--my-new-model-t0.0,12.0,50.0,24.0" + ",".repeat(21) + "\n");
        CliRun.Result r = CliRun.run("analyze", "clemscore-scaling", "--results", results.toString(), "--bootstrap", "0",
                "--out", dir.resolve("o").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("UNMAPPED (no entry in the mapping, not fitted): my-new-model"), r.out());
        JsonNode fit = new ObjectMapper().readTree(dir.resolve("o/fit.json").toFile());
        assertEquals("my-new-model", fit.get("join").get("unmapped").get(0).get("model").asText());
    }

    @Test
    void badMappingIsOneLineWithExitCode2(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("mapping.csv");
        Files.writeString(mapping, "clembench_model,benchmark_model,mapping,provenance\n"
                + "gpt-4-0613,gpt-4-0613,own,x\ngpt-4-0613,gpt-4-0314,own,y\n");
        CliRun.Result r = CliRun.run("analyze", "clemscore-scaling", "--mapping", mapping.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mapping.csv: line 3, column 'clembench_model': duplicate mapping: 'gpt-4-0613' is already mapped on line 2"),
                r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void tooFewJoinedModelsIsOneLine(@TempDir Path dir) throws Exception {
        CliRun.Result r = CliRun.run("analyze", "clemscore-scaling", "--pcs", "7", "--test-fraction", "0.9",
                "--out", dir.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("too few joined models for 7 principal components: 48 models have a clemscore"), r.err());
    }

    @Test
    void characteristicsReportGetsTheSection(@TempDir Path out) throws Exception {
        Path dir = SharedData.path("clembench/results");
        CliRun.Result r = CliRun.run("analyze", "characteristics", "--results", dir.resolve("results_main.csv").toString(),
                "--models", dir.resolve("model_characteristics.csv").toString(), "--clemscore-scaling", "--clemscore-scaling-bootstrap", "20", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Predicting clemscore from standard benchmarks"), "section present");
        assertTrue(html.indexOf("id=\"clemscore-scaling\"") > html.indexOf("<h2>Quantisation</h2>"), "after the characteristics sections");
    }
}
