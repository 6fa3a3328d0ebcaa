package dev.lightbulb.games.referencegame;

import java.util.ArrayList;
import java.util.List;

/** A referencegame grid as clembench writes it: 5 rows of 5 cells ("X" or "▢") joined by spaces, rows by "\n". */
record Grid(boolean[][] filled) {
    static final int SIZE = 5;

    static Grid parse(String text) {
        String[] rows = text.strip().split("\n");
        if (rows.length != SIZE) throw new IllegalStateException("not a 5 by 5 grid: " + text);
        boolean[][] f = new boolean[SIZE][SIZE];
        for (int r = 0; r < SIZE; r++) {
            String[] cells = rows[r].strip().split(" ");
            if (cells.length != SIZE) throw new IllegalStateException("not a 5 by 5 grid: " + text);
            for (int c = 0; c < SIZE; c++) f[r][c] = cells[c].equals("X");
        }
        return new Grid(f);
    }

    /** A grid whose cell (r, c) is this grid's cell at (at(r, c)[0], at(r, c)[1]). */
    private Grid map(java.util.function.BiFunction<Integer, Integer, int[]> at) {
        boolean[][] f = new boolean[SIZE][SIZE];
        for (int r = 0; r < SIZE; r++)
            for (int c = 0; c < SIZE; c++) {
                int[] src = at.apply(r, c);
                f[r][c] = filled[src[0]][src[1]];
            }
        return new Grid(f);
    }

    /** The eight rotations and mirror images of the grid, this one first. */
    List<Grid> symmetries() {
        int n = SIZE - 1;
        List<Grid> out = new ArrayList<>();
        out.add(this);
        out.add(map((r, c) -> new int[]{n - c, r}));       // rotated a quarter turn clockwise
        out.add(map((r, c) -> new int[]{n - r, n - c}));   // half turn
        out.add(map((r, c) -> new int[]{c, n - r}));       // three quarters
        out.add(map((r, c) -> new int[]{r, n - c}));       // mirrored left-right
        out.add(map((r, c) -> new int[]{n - r, c}));       // mirrored top-bottom
        out.add(map((r, c) -> new int[]{c, r}));           // transposed
        out.add(map((r, c) -> new int[]{n - c, n - r}));   // transposed on the other diagonal
        return out;
    }

    /** The grid with exactly these rows (or columns) full and every other cell empty. */
    static Grid lines(List<Integer> lines, boolean columns) {
        boolean[][] f = new boolean[SIZE][SIZE];
        for (int l : lines)
            for (int k = 0; k < SIZE; k++) {
                if (columns) f[k][l] = true;
                else f[l][k] = true;
            }
        return new Grid(f);
    }

    /** The cells whose diagonal index (row - column; row + column - 4 for the other direction) lies in [lo, hi]. */
    static Grid band(int lo, int hi, boolean anti) {
        boolean[][] f = new boolean[SIZE][SIZE];
        for (int r = 0; r < SIZE; r++)
            for (int c = 0; c < SIZE; c++) {
                int d = anti ? r + c - (SIZE - 1) : r - c;
                f[r][c] = d >= lo && d <= hi;
            }
        return new Grid(f);
    }

    int count() {
        int n = 0;
        for (boolean[] row : filled) for (boolean x : row) if (x) n++;
        return n;
    }

    String text() {
        List<String> rows = new ArrayList<>();
        for (boolean[] row : filled) {
            List<String> cells = new ArrayList<>();
            for (boolean x : row) cells.add(x ? "X" : "▢");
            rows.add(String.join(" ", cells));
        }
        return String.join("\n", rows);
    }
}
