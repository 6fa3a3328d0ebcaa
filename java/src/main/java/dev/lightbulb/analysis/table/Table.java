package dev.lightbulb.analysis.table;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CSV table read whole into memory, with lookups that fail with one clear message naming the file,
 * the column and the row. Column names are matched after trimming and ignoring case, because published
 * tables carry stray spaces ({@code "Backend "}) and inconsistent capitalisation.
 * Rows are numbered as a spreadsheet shows them: the header is line 1, the first data row line 2.
 */
public final class Table {
    private final String source;
    private final List<String> columns;
    private final List<List<String>> rows;

    public Table(String source, List<String> columns, List<List<String>> rows) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = rows.stream().map(List::copyOf).toList();
    }

    /** Reads a comma-separated file with a header row; quoted fields may contain commas and newlines. */
    public static Table read(Path file) {
        InputFiles.requireReadableFile(file, "a CSV file");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), in);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new LightbulbException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
    }

    /** Parses CSV text; {@code source} names it in error messages. */
    public static Table parse(String source, Reader in) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) throw new LightbulbException(source + ": empty file, expected a header row");
            List<String> header = new ArrayList<>();
            records.getFirst().forEach(header::add);
            if (!header.isEmpty() && header.getFirst().startsWith("\uFEFF")) {
                header.set(0, header.getFirst().substring(1)); // byte-order mark from spreadsheet exports
            }
            List<List<String>> rows = new ArrayList<>();
            for (int r = 1; r < records.size(); r++) {
                List<String> row = new ArrayList<>();
                records.get(r).forEach(row::add);
                if (row.size() != header.size()) {
                    throw new LightbulbException(source + ": line " + (r + 1) + " has " + row.size()
                            + " fields but the header has " + header.size());
                }
                rows.add(row);
            }
            return new Table(source, header, rows);
        }
    }

    public String source() { return source; }
    public List<String> columns() { return columns; }
    public int rowCount() { return rows.size(); }

    /** The first column whose trimmed name equals one of {@code names} (ignoring case), if any. */
    public Optional<Integer> findColumn(String... names) {
        for (String name : names) {
            String want = normalise(name);
            for (int c = 0; c < columns.size(); c++) {
                if (normalise(columns.get(c)).equals(want)) return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #findColumn} but a missing column is an error listing the names that were tried. */
    public int requireColumn(String... names) {
        return findColumn(names).orElseThrow(() -> new LightbulbException(source + ": missing column "
                + (names.length == 1 ? "'" + names[0] + "'" : "(one of) " + String.join(", ", quoted(names)))
                + "; columns present: " + String.join(", ", quoted(columns.toArray(String[]::new)))));
    }

    /** The raw cell text, trimmed. */
    public String text(int row, int column) {
        return rows.get(row).get(column).strip();
    }

    /**
     * The cell as a number: an empty cell or "nan"/"NA" is missing (NaN); anything else that does not parse
     * is an error naming the file, line and column.
     */
    public double number(int row, int column) {
        String cell = text(row, column);
        if (Numbers.isMissing(cell)) return Double.NaN;
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new LightbulbException(source + ": line " + line(row) + ", column '" + columns.get(column)
                    + "': not a number: '" + cell + "'");
        }
    }

    /** Like {@link #number} but a missing value is an error too. */
    public double requireNumber(int row, int column) {
        double v = number(row, column);
        if (Double.isNaN(v)) {
            throw new LightbulbException(source + ": line " + line(row) + ", column '" + columns.get(column)
                    + "': value missing");
        }
        return v;
    }

    /** The whole column as numbers (NaN where missing). */
    public double[] numbers(int column) {
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = number(r, column);
        return out;
    }

    /** The 1-based line a data row sits on in the file (header = line 1). */
    public static int line(int row) { return row + 2; }

    /** Where a cell is, for messages: {@code file: line N, column 'X'}. */
    public String where(int row, int column) {
        return source + ": line " + line(row) + ", column '" + columns.get(column) + "'";
    }

    private static String normalise(String name) { return name.strip().toLowerCase(Locale.ROOT); }

    private static List<String> quoted(String[] names) {
        return java.util.Arrays.stream(names).map(n -> "'" + n + "'").toList();
    }
}
