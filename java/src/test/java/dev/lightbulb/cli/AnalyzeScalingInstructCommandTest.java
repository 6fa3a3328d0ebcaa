package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.CliRun;
import dev.lightbulb.SharedData;
import dev.lightbulb.analysis.table.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code analyze scaling --setup instruct}: the paper's Sec. 4.2 agent fits from the command line. */
class AnalyzeScalingInstructCommandTest {
    static Path obs(String file) { return SharedData.path("scaling/obsscaling/" + file); }

    @Test
    void agentBenchWithTheInstructSetupAndABootstrap(@TempDir Path out) throws Exception {
        CliRun.Result r = CliRun.run("analyze", "scaling", "--setup", "instruct",
                "--benchmarks", obs("instruct_llm_benchmark_eval.csv").toString(),
                "--targets", obs("instruct_llm_agent_eval_train.csv").toString(), "--target", "ABench-OA",
                "--target-range", "0,10", "--bootstrap", "25", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
        assertEquals(List.of("MMLU", "ARC-C", "HellaSwag", "Winogrande", "TruthfulQA", "GSM8K", "HumanEval"),
                new ObjectMapper().convertValue(fit.get("metrics"), List.class));
        assertEquals(0.1, fit.get("test_fraction").asDouble());
        assertEquals(List.of("claude-1.3", "gpt-3.5-turbo-0613"),
                new ObjectMapper().convertValue(fit.get("test_models"), List.class).stream().sorted().toList());
        assertEquals("Llama-2-Chat", fit.get("equivalent_flops").get("reference_family").asText());
        assertEquals(3, fit.get("equivalent_flops").get("models").asInt(), "llama-2-{7,13,70}b-chat");
        assertEquals(List.of(0.0, 10.0), new ObjectMapper().convertValue(fit.get("target_range"), List.class));
        assertTrue(fit.get("baseline_flops").get("note").asText().contains("cannot be scored"));
        JsonNode boot = fit.get("bootstrap");
        assertTrue(boot.get("note").asText().startsWith("lightbulb's addition"), boot.get("note").asText());
        assertEquals(2, boot.get("metric_weights").get("HumanEval").size());
        Table predictions = Table.read(out.resolve("predictions.csv"));
        predictions.requireColumn("y_hat_bootstrap_low");
        assertTrue(r.out().contains("FLOPs baseline n/a"), r.out());
    }

    @Test
    void badOptionsAreOneLine(@TempDir Path out) {
        CliRun.Result r = CliRun.run("analyze", "scaling", "--setup", "chat", "--benchmarks", "x.csv", "--targets", "y.csv",
                "--target", "t", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--setup must be 'base' or 'instruct', got 'chat'"), r.err());
        r = CliRun.run("analyze", "scaling", "--link", "tanh", "--benchmarks", obs("instruct_llm_benchmark_eval.csv").toString(),
                "--targets", obs("instruct_llm_agent_eval_train.csv").toString(), "--target", "ABench-OA", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--link must be 'sigmoid' or 'sigmoid-parametric', got 'tanh'"), r.err());
    }
}
