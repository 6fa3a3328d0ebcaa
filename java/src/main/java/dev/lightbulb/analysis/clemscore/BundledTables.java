package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The published tables that ship with lightbulb (see PROVENANCE.md beside them): ObsScaling's instruct and
 * base benchmark tables (Apache-2.0), clembench's v1.6 and v1.0 results (CC-BY 4.0) and lightbulb's reviewed
 * name mapping.
 */
public final class BundledTables {
    private BundledTables() {}

    static final String SUFFIX = " (bundled with lightbulb)";

    /** v1.6 first: a model in both keeps its v1.6 scores. */
    public static List<Table> results() {
        return List.of(read("clembench_v1.6_results_main.csv"), read("clembench_v1.0_results.csv"));
    }

    public static List<Table> benchmarks() {
        return List.of(read("instruct_llm_benchmark_eval.csv"), read("base_llm_benchmark_eval.csv"));
    }

    public static Table mapping() { return read("model_mapping.csv"); }

    static Table read(String name) {
        try (InputStream in = BundledTables.class.getResourceAsStream(name)) {
            if (in == null) throw new LightbulbException(name + ": missing from the jar");
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Table.parse(name + SUFFIX, reader);
            }
        } catch (IOException e) {
            throw new LightbulbException(name + SUFFIX + ": cannot read: " + e.getMessage(), e);
        }
    }
}
