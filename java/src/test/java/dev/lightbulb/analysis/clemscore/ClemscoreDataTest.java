package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.Table;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClemscoreDataTest {
    static Table table(String name, String csv) throws Exception { return Table.parse(name, new StringReader(csv)); }

    static final String RESULTS_HEADER = ",\"-, clemscore\",\"all, Average % Played\",\"all, Average Quality Score\"\n";
    static final String BENCH = "Model,Model Family,Model Size (B),FLOPs (1E21),MMLU,ARC-C,HellaSwag,Winograd,TruthfulQA,GSM8K,HumanEval\n"
            + "base/m,M,7,84,0.5,0.5,0.7,0.7,0.4,0.2,0.2\nchat-x,X,13,,0.6,0.6,0.8,0.75,0.5,0.3,0.3\n";
    static final String MAP = "clembench_model,benchmark_model,mapping,provenance\n"
            + "m-chat,base/m,base,card\nchat-x,chat-x,own,same\nproprietary,,none,no row\nbroken,nowhere,own,typo\n";

    @Test
    void everyResultsModelEndsUpInExactlyOneList() throws Exception {
        Table newer = table("v1.6.csv", RESULTS_HEADER + "m-chat-t0.0--m-chat-t0.0,10,50,20\nproprietary-t0.0--proprietary-t0.0,40,90,44\n");
        Table older = table("v1.0.csv", RESULTS_HEADER + "m-chat-t0.0--m-chat-t0.0,99,99,99\nchat-x-t0.0--chat-x-t0.0,5,20,25\n"
                + "mystery-t0.0--mystery-t0.0,1,2,50\n");
        ClemscoreData d = ClemscoreData.join(List.of(newer, older), ModelMapping.read(table("map.csv", MAP.replace("broken,nowhere,own,typo\n", ""))),
                BenchmarkRows.read(List.of(table("bench.csv", BENCH))));
        assertEquals(List.of("m-chat", "chat-x"), d.models().stream().map(ClemscoreData.Joined::name).toList());
        assertEquals(10, d.models().getFirst().result().clemscore(), "the first table that has a model wins");
        assertEquals("v1.6.csv", d.models().getFirst().result().source());
        assertEquals(0.7, d.models().getFirst().row().metrics()[3], "the base table's Winograd column is read as Winogrande");
        assertEquals(List.of("proprietary"), d.excluded().stream().map(e -> e.result().model()).toList());
        assertEquals("no row", d.excluded().getFirst().reason());
        assertEquals(List.of(new ClemscoreData.Unmapped("mystery", "v1.0.csv")), d.unmapped());
    }

    @Test
    void aMappingToAMissingRowIsAnErrorNamingTheMappingLine() throws Exception {
        Table results = table("r.csv", RESULTS_HEADER + "broken-t0.0--broken-t0.0,10,50,20\n");
        LightbulbException e = assertThrows(LightbulbException.class, () -> ClemscoreData.join(List.of(results),
                ModelMapping.read(table("map.csv", MAP)), BenchmarkRows.read(List.of(table("bench.csv", BENCH)))));
        assertEquals("map.csv: line 5: 'broken' is mapped to 'nowhere', which is in none of the benchmark tables", e.getMessage());
    }

    @Test
    void aModelInTwoBenchmarkTablesIsAnError() throws Exception {
        LightbulbException e = assertThrows(LightbulbException.class,
                () -> BenchmarkRows.read(List.of(table("a.csv", BENCH), table("b.csv", BENCH))));
        assertTrue(e.getMessage().contains("b.csv: line 2, column 'Model': model 'base/m' already has a row in a.csv"), e.getMessage());
    }
}
