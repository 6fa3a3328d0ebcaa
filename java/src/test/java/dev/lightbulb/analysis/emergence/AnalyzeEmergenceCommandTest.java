package dev.lightbulb.analysis.emergence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.cli.AnalyzeEmergenceCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class AnalyzeEmergenceCommandTest {
    @TempDir
    Path dir;

    /** Runs the command as the CLI would, with user errors turned into exit code 2 and one line on stderr. */
    private int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new AnalyzeEmergenceCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (!(ex instanceof LightbulbException)) throw ex;
            cmd.getErr().println("lightbulb: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    static Path writeCsv(Path file, EmergenceData d) throws IOException {
        StringBuilder sb = new StringBuilder("model,loss,data_amount,accuracy\n");
        for (int i = 0; i < d.size(); i++) {
            sb.append(d.model()[i]).append(',').append(d.loss()[i]).append(',')
                    .append((long) d.dataAmount()[i]).append(',').append(d.accuracy()[i]).append('\n');
        }
        return Files.writeString(file, sb);
    }

    @Test
    void writesFitJsonWithBothFormsAndPlots() throws IOException {
        Path csv = writeCsv(dir.resolve("grid.csv"), SyntheticEmergence.draw(42, 0.01));
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        int code = run(err, "--data", csv.toString(), "--out", out.toString(), "--bootstrap", "40",
                "--mcmc-steps", "8000", "--burn-in", "2000");
        assertEquals(0, code, err.toString());
        JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
        assertEquals("log-power", fit.get("form").asText());
        assertFalse(fit.get("degenerate").asBoolean());
        assertTrue(fit.get("provenance").asText().contains("UNVERIFIED"), "fit.json says the law is an unchecked reconstruction");
        double truth = SyntheticEmergence.trueEmergenceAtD0();
        JsonNode e = fit.get("emergence_point");
        assertEquals(truth, e.get("mle").asDouble(), 0.05);
        assertTrue(e.get("p05").asDouble() < e.get("mle").asDouble() && e.get("mle").asDouble() < e.get("p95").asDouble());
        assertEquals(2, fit.get("forms").size());
        String preferred = fit.get("forms").get(0).get("aic").asDouble() <= fit.get("forms").get(1).get("aic").asDouble()
                ? "log-power" : "power";
        assertEquals(preferred, fit.get("preferred_by_aic").asText());
        JsonNode sensitivity = fit.get("d0_sensitivity");  // D0 = 1, 2.5, 5, 10, 50
        assertEquals(5, sensitivity.size());
        assertEquals(e.get("mle").asDouble(), sensitivity.get(2).get("mle").asDouble(), 1e-9);
        for (int i = 1; i < sensitivity.size(); i++) {
            // with k > 0 the emergence point moves monotonically towards weaker models as D0 grows
            assertTrue(sensitivity.get(i).get("mle").asDouble() >= sensitivity.get(i - 1).get("mle").asDouble() - 1e-3);
        }
        assertEquals("power", fit.get("forms").get(1).get("form").asText());
        for (JsonNode form : fit.get("forms")) {
            assertTrue(form.get("aic").isNumber(), form.toString());
            assertTrue(form.get("log_likelihood").isNumber());
            JsonNode boot = form.get("emergence_point_d0").get("bootstrap");
            double mle = form.get("emergence_point_d0").get("mle").asDouble();
            assertEquals(2 * mle - boot.get("p95").asDouble(), boot.get("basic_p05").asDouble(), 1e-9);
            assertEquals(2 * mle - boot.get("p05").asDouble(), boot.get("basic_p95").asDouble(), 1e-9);
            assertEquals(5, form.get("emergence_point_by_amount").size());
            for (JsonNode level : form.get("emergence_point_by_amount")) {
                // each amount's own elbow (grid of 1/120 of the loss range) sits near the law's value
                assertEquals(level.get("E").asDouble(), level.get("E_free").asDouble(), 0.05, level.toString());
            }
        }
        for (String f : new String[] {"emergence_log-power.png", "emergence_log-power.svg",
                "emergence_law_log-power.png", "emergence_law_log-power.svg"}) {
            assertTrue(Files.size(out.resolve(f)) > 1000, f);
        }
        assertTrue(Files.readString(out.resolve("emergence_log-power.svg")).contains("<svg"));
    }

    /** Capability = 5 − loss: the same fit, reported in capability units (E_cap = 5 − E_loss, interval flipped). */
    @Test
    void capabilityColumnIsReportedInItsOwnUnits() throws IOException {
        EmergenceData d = SyntheticEmergence.draw(42, 0.01);
        StringBuilder sb = new StringBuilder("model,capability,data_amount,accuracy\n");
        for (int i = 0; i < d.size(); i++) {
            sb.append(d.model()[i]).append(',').append(5 - d.loss()[i]).append(',')
                    .append((long) d.dataAmount()[i]).append(',').append(d.accuracy()[i]).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("cap.csv"), sb);
        Path lossCsv = writeCsv(dir.resolve("loss.csv"), d);
        String[] quick = {"--bootstrap", "0", "--mcmc-steps", "2000", "--burn-in", "1000"};
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, concat(new String[] {"--data", csv.toString(), "--out", dir.resolve("c").toString()}, quick)), err.toString());
        assertEquals(0, run(err, concat(new String[] {"--data", lossCsv.toString(), "--out", dir.resolve("l").toString()}, quick)), err.toString());
        JsonNode cap = new ObjectMapper().readTree(dir.resolve("c/fit.json").toFile());
        JsonNode loss = new ObjectMapper().readTree(dir.resolve("l/fit.json").toFile());
        assertEquals("capability", cap.get("x_column").asText());
        assertEquals(5 - loss.at("/emergence_point/mle").asDouble(), cap.at("/emergence_point/mle").asDouble(), 1e-6);
        assertEquals(5 - loss.at("/emergence_point/p95").asDouble(), cap.at("/emergence_point/p05").asDouble(), 1e-6);
        assertEquals(-loss.at("/forms/0/parameters/k").asDouble(), cap.at("/forms/0/parameters/k").asDouble(), 1e-6);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void flatAccuracyGivesDegenerateJsonNotNaN() throws IOException {
        EmergenceData d = SyntheticEmergence.draw(5, 0.01);
        double[] flat = new double[d.size()];
        for (int i = 0; i < flat.length; i++) flat[i] = 0.25 + 0.002 * ((i * 7) % 5 - 2);
        Path csv = writeCsv(dir.resolve("flat.csv"), new EmergenceData(d.model(), d.loss(), d.dataAmount(), flat));
        Path out = dir.resolve("flat-out");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "--data", csv.toString(), "--out", out.toString(), "--bootstrap", "20",
                "--mcmc-steps", "2000", "--burn-in", "1000"), err.toString());
        String text = Files.readString(out.resolve("fit.json"));
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        JsonNode fit = new ObjectMapper().readTree(text);
        assertTrue(fit.get("degenerate").asBoolean());
        assertFalse(fit.get("degenerate_reason").asText().isBlank());
        assertTrue(fit.get("emergence_point").get("p05").isNull());
    }

    @Test
    void userErrorsAreOneLineNamingTheFileAndField() throws IOException {
        Path missing = Files.writeString(dir.resolve("missing.csv"), "model,loss,accuracy\nm,2.0,0.3\n");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--data", missing.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("missing.csv") && err.toString().contains("data_amount"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        Path few = writeCsv(dir.resolve("few.csv"), SyntheticEmergence.draw(1, 0.01).select(new int[] {1, 2, 3}));
        err = new StringWriter();
        assertEquals(2, run(err, "--data", few.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("few.csv") && err.toString().contains("too few rows"), err.toString());

        Path csv = writeCsv(dir.resolve("ok.csv"), SyntheticEmergence.draw(1, 0.01));
        err = new StringWriter();
        assertEquals(2, run(err, "--data", csv.toString(), "--form", "cubic", "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("--form"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "--data", csv.toString(), "--d0", "0.5", "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("--d0"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "--data", dir.resolve("absent.csv").toString()));
        assertTrue(err.toString().contains("absent.csv"), err.toString());
    }
}
