package dev.lightbulb.analysis.table;

import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TableTest {
    private static Table parse(String csv) throws Exception {
        return Table.parse("t.csv", new StringReader(csv));
    }

    @Test
    void columnsMatchAfterTrimmingAndIgnoringCase() throws Exception {
        Table t = parse("Model Name,Backend ,x\nm1,local,1.5\n");
        assertEquals(1, t.requireColumn("backend"));
        assertEquals(0, t.requireColumn("name", "model name"));
        assertEquals("local", t.text(0, 1));
        assertEquals(1.5, t.number(0, 2));
    }

    @Test
    void quotedFieldsMayHoldCommasAndNewlines() throws Exception {
        Table t = parse("\"a,b\",\"c\nd\"\n1,2\n");
        assertEquals(List.of("a,b", "c\nd"), t.columns());
        assertEquals(2.0, t.number(0, 1));
    }

    @Test
    void missingCellsAreNaNAndNonNumbersNameLineAndColumn() throws Exception {
        Table t = parse("m,score\na,\nb,nan\nc,oops\n");
        assertTrue(Double.isNaN(t.number(0, 1)));
        assertTrue(Double.isNaN(t.number(1, 1)));
        LightbulbException e = assertThrows(LightbulbException.class, () -> t.number(2, 1));
        assertEquals("t.csv: line 4, column 'score': not a number: 'oops'", e.getMessage());
        LightbulbException m = assertThrows(LightbulbException.class, () -> t.requireNumber(0, 1));
        assertTrue(m.getMessage().contains("line 2, column 'score': value missing"), m.getMessage());
    }

    @Test
    void missingColumnListsWhatIsThere() throws Exception {
        Table t = parse("a,b\n1,2\n");
        LightbulbException e = assertThrows(LightbulbException.class, () -> t.requireColumn("FLOPs (1E21)"));
        assertEquals("t.csv: missing column 'FLOPs (1E21)'; columns present: 'a', 'b'", e.getMessage());
    }

    @Test
    void raggedRowsAndEmptyFilesAreErrors() {
        assertThrows(LightbulbException.class, () -> parse(""));
        LightbulbException e = assertThrows(LightbulbException.class, () -> parse("a,b\n1\n"));
        assertTrue(e.getMessage().contains("line 2 has 1 fields"), e.getMessage());
    }

    @Test
    void absentFileIsOneClearError(@TempDir Path dir) {
        LightbulbException e = assertThrows(LightbulbException.class, () -> Table.read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().endsWith("nope.csv: no such file"));
        e = assertThrows(LightbulbException.class, () -> Table.read(dir));
        assertEquals(dir + " is a directory, not a CSV file", e.getMessage());
    }

    @Test
    void writtenCsvReadsBack(@TempDir Path dir) {
        Path f = dir.resolve("out/x.csv");
        CsvOutput.write(f, List.of("name", "v"), List.of(List.of("a,b", 1.25), List.of("c", Double.NaN)));
        Table t = Table.read(f);
        assertEquals("a,b", t.text(0, 0));
        assertEquals(1.25, t.number(0, 1));
        assertTrue(Double.isNaN(t.number(1, 1)));
        assertTrue(Files.exists(f));
    }
}
