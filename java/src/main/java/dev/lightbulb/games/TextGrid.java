package dev.lightbulb.games;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A grid as imagegame and referencegame print it: one line per row, cells separated by single spaces, an empty cell
 * written "▢", a filled one as a capital letter. The experts read grids out of their prompts with it.
 */
public final class TextGrid {
    public static final String EMPTY = "▢";
    private static final Pattern ROW = Pattern.compile("(?:[A-Z▢] )*[A-Z▢]");

    private final String[][] cells;

    private TextGrid(String[][] cells) { this.cells = cells; }

    /** An empty grid of this many rows and columns. */
    public static TextGrid empty(int rows, int columns) {
        String[][] c = new String[rows][columns];
        for (String[] row : c) Arrays.fill(row, EMPTY);
        return new TextGrid(c);
    }

    /**
     * The first grid in {@code text} after the first occurrence of {@code label}: the run of grid lines that
     * follows it (blank lines before the run skipped), or null when there is none.
     */
    public static TextGrid after(String text, String label) {
        int at = text.indexOf(label);
        if (at < 0) return null;
        List<String[]> rows = new ArrayList<>();
        for (String line : text.substring(at + label.length()).split("\n", -1)) {
            String l = line.strip();
            if (ROW.matcher(l).matches()) rows.add(l.split(" "));
            else if (!rows.isEmpty() || !l.isEmpty()) break;
        }
        if (rows.isEmpty() || rows.stream().anyMatch(r -> r.length != rows.getFirst().length)) return null;
        return new TextGrid(rows.toArray(String[][]::new));
    }

    /** The last run of grid lines in {@code text} (e.g. the target grid below a prompt's examples), or null. */
    public static TextGrid last(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        int end = lines.size();
        while (end > 0 && !ROW.matcher(lines.get(end - 1).strip()).matches()) end--;
        int start = end;
        while (start > 0 && ROW.matcher(lines.get(start - 1).strip()).matches()) start--;
        return start == end ? null : after(String.join("\n", lines.subList(start, end)), "");
    }

    public int rows() { return cells.length; }

    public int columns() { return cells[0].length; }

    /** The cell at 0-based (row, column): "▢" or a capital letter. */
    public String at(int row, int column) { return cells[row][column]; }

    public boolean filled(int row, int column) { return !cells[row][column].equals(EMPTY); }

    /** This grid with one cell set (a new grid; cells outside the grid are ignored). */
    public TextGrid with(int row, int column, String cell) {
        String[][] c = Arrays.stream(cells).map(String[]::clone).toArray(String[][]::new);
        if (row >= 0 && row < rows() && column >= 0 && column < columns()) c[row][column] = cell;
        return new TextGrid(c);
    }

    /** The rows joined by newlines, cells by spaces, as the games print a grid. */
    @Override
    public String toString() {
        return String.join("\n", Arrays.stream(cells).map(r -> String.join(" ", r)).toList());
    }

    @Override
    public boolean equals(Object o) { return o instanceof TextGrid g && Arrays.deepEquals(cells, g.cells); }

    @Override
    public int hashCode() { return Arrays.deepHashCode(cells); }
}
