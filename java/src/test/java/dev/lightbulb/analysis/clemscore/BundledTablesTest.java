package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.SharedData;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The tables that ship with lightbulb: complete, reviewed, and the same bytes as their published sources. */
class BundledTablesTest {
    static ClemscoreData bundled() {
        return ClemscoreData.join(BundledTables.results(), ModelMapping.read(BundledTables.mapping()),
                BenchmarkRows.read(BundledTables.benchmarks()));
    }

    @Test
    void everyBundledClembenchModelIsMappedAndEveryMappedRowExists() {
        ClemscoreData d = bundled();
        assertEquals(List.of(), d.unmapped());
        assertEquals(78, d.models().size() + d.excluded().size(), "78 distinct models in clembench v1.6 and v1.0");
        assertEquals(48, d.models().size());
        assertEquals(17, d.models().stream().filter(m -> m.mapping().kind() == ModelMapping.Kind.OWN).count());
        assertEquals(78, ModelMapping.read(BundledTables.mapping()).entries().size(), "no mapping entry without results");
    }

    @Test
    void v16ScoresWinOverV10() {
        ClemscoreData.Joined gpt4 = bundled().models().stream().filter(m -> m.name().equals("gpt-4-0613")).findFirst().orElseThrow();
        assertEquals(51.09, gpt4.result().clemscore(), "results_main.csv (v1.6), not v1.0's 60.9");
        ClemscoreData.Joined gpt4old = bundled().models().stream().filter(m -> m.name().equals("gpt-4-0314")).findFirst().orElseThrow();
        assertEquals(58.81, gpt4old.result().clemscore(), "only in v1.0");
        assertTrue(gpt4old.result().source().startsWith("clembench_v1.0_results.csv"));
    }

    @Test
    void bundledTablesAreTheSharedCopiesByteForByte() throws Exception {
        Map<String, String> sources = Map.of(
                "instruct_llm_benchmark_eval.csv", "scaling/obsscaling/instruct_llm_benchmark_eval.csv",
                "base_llm_benchmark_eval.csv", "scaling/obsscaling/base_llm_benchmark_eval_2024-10_noprereg.csv",
                "clembench_v1.6_results_main.csv", "clembench/results/results_main.csv",
                "clembench_v1.0_results.csv", "clembench/results/v1.0_results.csv",
                "LICENSE-ObsScaling-Apache-2.0.txt", "scaling/obsscaling/LICENSE-ObsScaling-Apache-2.0.txt");
        for (var e : sources.entrySet()) {
            try (InputStream in = BundledTables.class.getResourceAsStream(e.getKey())) {
                assertNotNull(in, e.getKey());
                assertArrayEquals(Files.readAllBytes(SharedData.path(e.getValue())), in.readAllBytes(), e.getKey());
            }
        }
        try (InputStream in = BundledTables.class.getResourceAsStream("PROVENANCE.md")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("Apache-2.0") && text.contains("CC-BY 4.0"), "licences named");
        }
    }
}
