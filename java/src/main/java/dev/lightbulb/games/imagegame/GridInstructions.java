package dev.lightbulb.games.imagegame;

import dev.lightbulb.games.TextGrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The imagegame experts' instructions, one line each: "Fill column 2 with X", "Fill row 5 with X" and
 * "In row 1, put B in columns 2 and 4 and C in column 5" (rows and columns counted from 1). {@link #plan} describes
 * a grid in at most one instruction per full column and per row; {@link #apply} draws one instruction.
 */
final class GridInstructions {
    private GridInstructions() {}

    private static final Pattern FILL = Pattern.compile("fill (row|column) (\\d+) with ([a-z])\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_ROW = Pattern.compile("in row (\\d+), put (.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUP = Pattern.compile("\\b([a-z]) in columns? (\\d+(?:(?:, | and )\\d+)*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** Instructions that draw {@code target} on an empty grid: full columns first, then what each row still lacks. */
    static List<String> plan(TextGrid target) {
        List<String> out = new ArrayList<>();
        boolean[] fullColumn = new boolean[target.columns()];
        for (int c = 0; c < target.columns(); c++) {
            String letter = uniformLetter(target, c, false);
            if (letter == null) continue;
            fullColumn[c] = true;
            out.add("Fill column " + (c + 1) + " with " + letter);
        }
        for (int r = 0; r < target.rows(); r++) {
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int c = 0; c < target.columns(); c++)
                if (target.filled(r, c) && !fullColumn[c]) groups.computeIfAbsent(target.at(r, c), k -> new ArrayList<>()).add(c + 1);
            if (groups.isEmpty()) continue;
            String letter = uniformLetter(target, r, true);
            if (letter != null) { out.add("Fill row " + (r + 1) + " with " + letter); continue; }
            List<String> parts = new ArrayList<>();
            groups.forEach((l, cols) -> parts.add(l + " in " + (cols.size() == 1 ? "column " : "columns ") + numbers(cols)));
            out.add("In row " + (r + 1) + ", put " + String.join(" and ", parts));
        }
        return out;
    }

    /** The letter that fills a whole row (or column), or null. */
    private static String uniformLetter(TextGrid g, int index, boolean row) {
        int n = row ? g.columns() : g.rows();
        String first = row ? g.at(index, 0) : g.at(0, index);
        if (first.equals(TextGrid.EMPTY)) return null;
        for (int i = 1; i < n; i++)
            if (!(row ? g.at(index, i) : g.at(i, index)).equals(first)) return null;
        return first;
    }

    /** "2", "2 and 4", "1, 3 and 5". */
    private static String numbers(List<Integer> n) {
        if (n.size() == 1) return n.getFirst().toString();
        return String.join(", ", n.subList(0, n.size() - 1).stream().map(String::valueOf).toList()) + " and " + n.getLast();
    }

    /** The grid after one instruction; an instruction it cannot read leaves the grid as it was. */
    static TextGrid apply(TextGrid grid, String instruction) {
        Matcher fill = FILL.matcher(instruction);
        if (fill.find()) {
            boolean row = fill.group(1).equalsIgnoreCase("row");
            int index = Integer.parseInt(fill.group(2)) - 1;
            String letter = fill.group(3).toUpperCase(Locale.ROOT);
            for (int i = 0; i < (row ? grid.columns() : grid.rows()); i++)
                grid = row ? grid.with(index, i, letter) : grid.with(i, index, letter);
            return grid;
        }
        Matcher inRow = IN_ROW.matcher(instruction);
        if (!inRow.find()) return grid;
        int row = Integer.parseInt(inRow.group(1)) - 1;
        Matcher group = GROUP.matcher(inRow.group(2));
        while (group.find()) {
            Matcher column = NUMBER.matcher(group.group(2));
            while (column.find()) grid = grid.with(row, Integer.parseInt(column.group()) - 1, group.group(1).toUpperCase(Locale.ROOT));
        }
        return grid;
    }
}
