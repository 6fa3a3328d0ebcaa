package dev.lightbulb.experiment;

import dev.lightbulb.OutputFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grid's table, a pure function of the cell folders: {@code cells.csv} lists every finished cell (failed ones
 * with their reason) and {@code emergence.csv} the successful ones in {@code analyze emergence}'s columns
 * ({@code model, loss, data_amount, accuracy}, then clemscore, % played, quality, episodes, seconds).
 */
final class EmergenceTable {
    static final String CELLS = "cells.csv", TABLE = "emergence.csv";
    private static final String COLUMNS = "model,loss,data_amount,accuracy,clemscore,played,quality,episodes,seconds";

    private EmergenceTable() {}

    /** The finished cells of {@code grid}, in cell order. */
    static List<CellResult> collect(EmergenceGrid grid) {
        List<CellResult> out = new ArrayList<>();
        for (int c = 1; c <= grid.cells(); c++) {
            CellResult r = CellResult.read(grid.cellDir(c));
            if (r != null) out.add(r);
        }
        return out;
    }

    /** Writes both tables into {@code dir}; returns the emergence table. */
    static Path write(List<CellResult> cells, Path dir) {
        StringBuilder all = new StringBuilder("cell," + COLUMNS + ",status,reason\n"), ok = new StringBuilder(COLUMNS + "\n");
        for (CellResult r : cells) {
            String row = String.format(Locale.ROOT, "%s,%.6f,%d,%s,%s,%s,%s,%d,%.1f", csv(r.model()), r.loss(), r.dataAmount(),
                    num(r.accuracy()), num(r.clemscore()), num(r.played()), num(r.quality()), r.episodes(), r.seconds());
            all.append(r.cell()).append(',').append(row).append(',').append(r.status()).append(',')
                    .append(r.reason() == null ? "" : csv(r.reason())).append('\n');
            if (r.ok()) ok.append(row).append('\n');
        }
        OutputFiles.write(dir.resolve(CELLS), tmp -> Files.writeString(tmp, all));
        Path table = dir.resolve(TABLE);
        OutputFiles.write(table, tmp -> Files.writeString(tmp, ok));
        return table;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
