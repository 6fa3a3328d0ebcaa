package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.Table;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.*;

class ModelMappingTest {
    static final String HEADER = "clembench_model,benchmark_model,mapping,provenance\n";

    static ModelMapping mapping(String rows) throws Exception {
        return ModelMapping.read(Table.parse("map.csv", new StringReader(HEADER + rows)));
    }

    static String error(String rows) {
        return assertThrows(LightbulbException.class, () -> mapping(rows)).getMessage();
    }

    @Test
    void namesAreComparedAsClembenchSpellsThem() throws Exception {
        ModelMapping m = mapping("openchat_3.5,mistralai/Mistral-7B-v0.1,base,card\ngpt-4-0613,gpt-4-0613,own,same\nclaude-3,,none,no row\n");
        assertEquals(ModelMapping.Kind.BASE, m.find("OpenChat-3.5").orElseThrow().kind());
        assertEquals("gpt-4-0613", m.find("gpt-4-0613").orElseThrow().benchmarkModel());
        assertEquals(ModelMapping.Kind.NONE, m.find("claude-3").orElseThrow().kind());
        assertTrue(m.find("gpt-5").isEmpty());
    }

    @Test
    void aBaseRowMayServeManyFinetunes() throws Exception {
        ModelMapping m = mapping("zephyr-7b-beta,mistralai/Mistral-7B-v0.1,base,card\nopenchat_3.5,mistralai/Mistral-7B-v0.1,base,card\n");
        assertEquals(2, m.entries().size());
    }

    @Test
    void duplicateMappingsAreErrorsNamingBothLines() {
        assertTrue(error("a,x,own,p\nb,y,own,p\nA,z,base,p\n")
                .contains("map.csv: line 4, column 'clembench_model': duplicate mapping: 'A' is already mapped on line 2 (to 'x')"));
        assertTrue(error("a,x,own,p\nb,x,own,p\n").contains("duplicate mapping: the row 'x' is already the own row of 'a' (line 2)"));
    }

    @Test
    void everyEntryIsComplete() {
        assertTrue(error("a,x,own,\n").contains("line 2, column 'provenance': 'a' has no provenance"));
        assertTrue(error("a,x,maybe,p\n").contains("mapping must be 'own', 'base' or 'none', got 'maybe'"));
        assertTrue(error("a,,own,p\n").contains("'a' is mapped 'own' but names no row"));
        assertTrue(error("a,x,none,p\n").contains("'a' is mapped 'none' but names the row 'x'"));
        assertTrue(error(",x,own,p\n").contains("clembench model name missing"));
    }
}
