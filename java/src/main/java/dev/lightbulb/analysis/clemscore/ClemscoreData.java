package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.characteristics.ClemResult;
import dev.lightbulb.analysis.characteristics.ResultsTables;
import dev.lightbulb.analysis.table.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * clembench results joined with the benchmark tables through the reviewed {@link ModelMapping}. Results
 * tables are read in the order given and a model keeps the scores of the first table that has it (v1.6
 * before v1.0). Every results model ends up in exactly one list: joined, excluded by its mapping (with the
 * mapping's reason), or unmapped (no entry at all).
 */
public record ClemscoreData(List<Joined> models, List<Excluded> excluded, List<Unmapped> unmapped) {

    /** A results model with its mapping entry and benchmark row. */
    public record Joined(ClemResult result, ModelMapping.Entry mapping, BenchmarkRows.Row row) {
        public String name() { return result.model(); }
    }

    public record Excluded(ClemResult result, String reason) {}

    public record Unmapped(String model, String source) {}

    public static ClemscoreData join(List<Table> resultsTables, ModelMapping mapping, BenchmarkRows rows) {
        List<Joined> joined = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        List<Unmapped> unmapped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Table t : resultsTables) {
            for (ClemResult r : ResultsTables.parse(t)) {
                if (!seen.add(r.key())) continue; // an earlier table has this model
                var entry = mapping.find(r.model());
                if (entry.isEmpty()) {
                    unmapped.add(new Unmapped(r.model(), r.source()));
                    continue;
                }
                ModelMapping.Entry e = entry.get();
                if (e.kind() == ModelMapping.Kind.NONE) {
                    excluded.add(new Excluded(r, e.provenance()));
                    continue;
                }
                BenchmarkRows.Row row = rows.find(e.benchmarkModel()).orElseThrow(() -> new LightbulbException(mapping.source()
                        + ": line " + e.line() + ": '" + e.clembenchModel() + "' is mapped to '" + e.benchmarkModel()
                        + "', which is in none of the benchmark tables"));
                joined.add(new Joined(r, e, row));
            }
        }
        if (seen.isEmpty()) throw new LightbulbException("no result rows in " + resultsTables.stream().map(Table::source).toList());
        return new ClemscoreData(joined, excluded, unmapped);
    }
}
