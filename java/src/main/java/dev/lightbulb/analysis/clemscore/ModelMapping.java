package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.characteristics.ModelNames;
import dev.lightbulb.analysis.table.Table;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The reviewed mapping from clembench model names to rows of the benchmark tables (columns
 * {@code clembench_model, benchmark_model, mapping, provenance}; see the bundled PROVENANCE.md). Names are
 * compared as {@link ModelNames#key} does (case, '_' as '-'). Each clembench name has one entry; a benchmark
 * row can be a model's own row for one clembench name only, but the base row of many finetunes.
 */
public final class ModelMapping {
    /** How a clembench model relates to its benchmark row. */
    public enum Kind {
        /** the benchmark table has this very model */
        OWN,
        /** the row is the base model it was tuned from */
        BASE,
        /** no usable row; not fitted */
        NONE;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /** One reviewed entry; {@code line} is its line in the mapping file, for messages. */
    public record Entry(String clembenchModel, String benchmarkModel, Kind kind, String provenance, int line) {}

    private final String source;
    private final Map<String, Entry> byKey;

    private ModelMapping(String source, Map<String, Entry> byKey) {
        this.source = source;
        this.byKey = byKey;
    }

    public static ModelMapping read(Table t) {
        int clem = t.requireColumn("clembench_model");
        int bench = t.requireColumn("benchmark_model");
        int kind = t.requireColumn("mapping");
        int prov = t.requireColumn("provenance");
        Map<String, Entry> byKey = new LinkedHashMap<>();
        Map<String, Entry> ownRow = new HashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            String name = t.text(r, clem);
            if (name.isEmpty()) throw new LightbulbException(t.where(r, clem) + ": clembench model name missing");
            Kind k = kind(t, r, kind);
            String row = t.text(r, bench);
            if (k == Kind.NONE && !row.isEmpty()) {
                throw new LightbulbException(t.where(r, bench) + ": '" + name + "' is mapped 'none' but names the row '" + row + "'");
            }
            if (k != Kind.NONE && row.isEmpty()) {
                throw new LightbulbException(t.where(r, bench) + ": '" + name + "' is mapped '" + k.label() + "' but names no row");
            }
            String provenance = t.text(r, prov);
            if (provenance.isEmpty()) {
                throw new LightbulbException(t.where(r, prov) + ": '" + name + "' has no provenance; every mapping says where it comes from");
            }
            Entry e = new Entry(name, row, k, provenance, Table.line(r));
            Entry before = byKey.putIfAbsent(ModelNames.key(name), e);
            if (before != null) {
                throw new LightbulbException(t.where(r, clem) + ": duplicate mapping: '" + name + "' is already mapped on line "
                        + before.line() + " (to '" + before.benchmarkModel() + "')");
            }
            if (k == Kind.OWN) {
                Entry owner = ownRow.putIfAbsent(row, e);
                if (owner != null) {
                    throw new LightbulbException(t.where(r, bench) + ": duplicate mapping: the row '" + row + "' is already the own row of '"
                            + owner.clembenchModel() + "' (line " + owner.line() + "); a row can be one model's own row only");
                }
            }
        }
        return new ModelMapping(t.source(), byKey);
    }

    private static Kind kind(Table t, int r, int column) {
        String v = t.text(r, column).toLowerCase(Locale.ROOT);
        for (Kind k : Kind.values()) if (k.label().equals(v)) return k;
        throw new LightbulbException(t.where(r, column) + ": mapping must be 'own', 'base' or 'none', got '" + t.text(r, column) + "'");
    }

    public Optional<Entry> find(String clembenchModel) { return Optional.ofNullable(byKey.get(ModelNames.key(clembenchModel))); }

    public List<Entry> entries() { return List.copyOf(byKey.values()); }

    public String source() { return source; }
}
