package dev.lightbulb.games.referencegame;

import dev.lightbulb.games.TextGrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the referencegame experts say about a grid: that one cell is empty or filled with a letter, worded
 * "the cell in row 2, column 3 is filled with X" (rows and columns counted from 1).
 *
 * @param row    0-based
 * @param column 0-based
 * @param cell   "▢" or the letter
 */
record CellFact(int row, int column, String cell) {
    private static final Pattern WORDING = Pattern.compile("row (\\d+), column (\\d+) is (empty|filled with ([a-z]))", Pattern.CASE_INSENSITIVE);

    boolean holdsFor(TextGrid grid) {
        return row < grid.rows() && column < grid.columns() && grid.at(row, column).equalsIgnoreCase(cell);
    }

    /**
     * Cells that single the target out: one cell where it differs from every distractor if there is one, else one
     * per distractor (the cell where the target first differs from it); a distractor equal to the target cannot be
     * told apart and is left out.
     */
    static List<CellFact> distinguishing(TextGrid target, List<TextGrid> distractors) {
        List<TextGrid> others = distractors.stream().filter(d -> !d.equals(target)).toList();
        for (int r = 0; r < target.rows(); r++)
            for (int c = 0; c < target.columns(); c++) {
                CellFact f = new CellFact(r, c, target.at(r, c));
                if (others.stream().noneMatch(f::holdsFor)) return List.of(f);
            }
        List<CellFact> out = new ArrayList<>();
        for (TextGrid d : others) {
            if (out.stream().anyMatch(f -> !f.holdsFor(d))) continue;
            out.add(firstDifference(target, d));
        }
        return out;
    }

    private static CellFact firstDifference(TextGrid target, TextGrid other) {
        for (int r = 0; r < target.rows(); r++)
            for (int c = 0; c < target.columns(); c++) {
                CellFact f = new CellFact(r, c, target.at(r, c));
                if (!f.holdsFor(other)) return f;
            }
        throw new IllegalArgumentException("the grids do not differ");
    }

    /** "the grid whose cell in row 1, column 2 is empty and whose cell in row 3, column 1 is filled with X". */
    static String describe(List<CellFact> facts) {
        if (facts.isEmpty()) return "the grid that is exactly as shown";
        List<String> parts = facts.stream().map(f -> "whose cell in row " + (f.row + 1) + ", column " + (f.column + 1) + " is "
                + (f.cell.equals(TextGrid.EMPTY) ? "empty" : "filled with " + f.cell)).toList();
        return "the grid " + String.join(" and ", parts);
    }

    /** Every fact worded in a text, in order. */
    static List<CellFact> readAll(String text) {
        List<CellFact> out = new ArrayList<>();
        Matcher m = WORDING.matcher(text);
        while (m.find())
            out.add(new CellFact(Integer.parseInt(m.group(1)) - 1, Integer.parseInt(m.group(2)) - 1,
                    m.group(4) == null ? TextGrid.EMPTY : m.group(4).toUpperCase(Locale.ROOT)));
        return out;
    }
}
