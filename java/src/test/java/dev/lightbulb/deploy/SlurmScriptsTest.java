package dev.lightbulb.deploy;

import dev.lightbulb.games.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/slurm's two scripts as Slurm starts them (bash, with the array variables Slurm sets) and a stand-in lightbulb
 * that prints its arguments: every array task of a range plays its own shard into its own folder, and the merge job
 * reads them all. deploy/slurm/test-local.sh runs them on a real Slurm.
 */
class SlurmScriptsTest {
    private static final Path SLURM = Path.of("..", "deploy", "slurm");

    record Run(int code, List<String> lines) {}

    private static Run bash(Path tmp, String script, Map<String, String> env, String... args) throws Exception {
        Path fake = StandInLightbulb.write(tmp);
        List<String> cmd = new ArrayList<>(List.of("bash", SLURM.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
        pb.environment().putAll(env);
        pb.environment().put("LIGHTBULB", fake.toString());
        Process p = pb.start();
        List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
        return new Run(p.waitFor(), out);
    }

    private static Map<String, String> task(int id, int min, int max, int count) {
        return Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_MIN", "" + min, "SLURM_ARRAY_TASK_MAX", "" + max,
                "SLURM_ARRAY_TASK_COUNT", "" + count, "SLURM_SUBMIT_DIR", "/nowhere");
    }

    @Test
    void everyTaskOfARangePlaysItsOwnShardIntoItsOwnFolder(@TempDir Path tmp) throws Exception {
        String header = Files.readString(SLURM.resolve("run-array.sbatch"));
        assertTrue(header.contains("\n#SBATCH --gres=gpu:1\n"), "one GPU per task");
        for (int first : new int[]{1, 0}) {
            Set<Shard> shards = new HashSet<>();
            for (int id = first; id < first + 3; id++) {
                Run r = bash(tmp, "run-array.sbatch", task(id, first, first + 2, 3), "results", "--model", "m.gguf", "--backend", "cpu");
                assertEquals(0, r.code(), r.lines().toString());
                int k = id - first + 1;
                assertEquals(List.of("run", "--shard", k + "/3", "--out", "results/shard-" + k, "--model", "m.gguf", "--backend", "cpu"), r.lines());
                assertTrue(shards.add(Shard.parse(r.lines().get(2))));
            }
            assertEquals(3, shards.size());
        }
    }

    @Test
    void arraysThatWouldLeaveShardsOutAreRefused(@TempDir Path tmp) throws Exception {
        Run gaps = bash(tmp, "run-array.sbatch", task(3, 1, 5, 3), "results");   // --array=1,3,5
        assertEquals(2, gaps.code());
        assertTrue(gaps.lines().getFirst().contains("the array must be a range"), gaps.lines().toString());
        Run single = bash(tmp, "run-array.sbatch", Map.of(), "results");
        assertEquals(2, single.code());
        assertTrue(single.lines().getFirst().contains("not an array task"), single.lines().toString());
        assertEquals(2, bash(tmp, "run-array.sbatch", task(1, 1, 1, 1)).code());
    }

    @Test
    void theMergeJobReadsEveryShardFolder(@TempDir Path tmp) throws Exception {
        Path results = tmp.resolve("results");
        Run none = bash(tmp, "merge.sbatch", Map.of(), results.toString());
        assertEquals(2, none.code());
        assertTrue(none.lines().getFirst().contains("no shard folders"), none.lines().toString());
        for (int k = 1; k <= 3; k++) Files.createDirectories(results.resolve("shard-" + k));
        Run r = bash(tmp, "merge.sbatch", Map.of(), results.toString());
        assertEquals(0, r.code(), r.lines().toString());
        assertEquals(List.of("merge", results + "/shard-1", results + "/shard-2", results + "/shard-3", "--out", results + "/merged"), r.lines());
    }
}
