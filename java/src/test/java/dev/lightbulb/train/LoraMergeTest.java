package dev.lightbulb.train;

import dev.lightbulb.CliRun;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A merged model computes what the base with its unmerged adapter computes. */
class LoraMergeTest {
    @TempDir
    Path dir;

    @Test
    void mergedModelMatchesTheUnmergedAdapter() {
        Path base = BundledModels.stories260K(), out = dir.resolve("run");
        LoraConfig lora = new LoraConfig(4, 8, LoraConfig.allTargets(), 5);
        try (Backend cpu = Backends.create("cpu")) {
            new Finetuner(new FinetuneSettings(base, FinetunerTest.EXAMPLE, out, lora, 6, 1e-2, 1, 512, 512, 0f, 1.0, 0, 6, false), cpu)
                    .run(s -> { });
        }
        Path adapter = out.resolve(TrainingResults.ADAPTER), merged = dir.resolve("merged.gguf");
        CliRun.Result r = CliRun.run("merge", "--lora", adapter.toString(), "--out", merged.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("35 weights merged"), r.out());   // 7 projections x 5 blocks

        TrainingBatch batch = TrainingBatch.pack(new int[][]{{1, 45, 67, 89, 120, 7, 300, 2, 99}}, null);
        float[] unmerged, folded;
        try (Backend cpu = Backends.create("cpu"); GgufFile b = GgufFile.open(base); GgufFile a = GgufFile.open(adapter);
             TrainableModel m = TrainableModel.lora(ModelConfig.fromGguf(b), new GgufWeights(b), cpu, lora)) {
            for (Parameter p : m.parameters()) {
                GgufTensorInfo t = a.tensorInfo(p.name());
                float[] v = new HostTensor(t.name(), t.type(), t.shape(), a.tensorData(t)).toFloatArray();
                cpu.writeFloats(p.value(), 0, v, 0, v.length);
            }
            unmerged = m.logits(batch);
        }
        try (Backend cpu = Backends.create("cpu"); GgufFile f = GgufFile.open(merged);
             TrainableModel m = TrainableModel.full(ModelConfig.fromGguf(f), new GgufWeights(f), cpu)) {
            folded = m.logits(batch);
        }
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < folded.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(folded[i] - unmerged[i]));
            maxAbs = Math.max(maxAbs, Math.abs(unmerged[i]));
        }
        assertTrue(maxDiff < 1e-4 * Math.max(1, maxAbs), "max |merged - unmerged| = " + maxDiff + " (logits up to " + maxAbs + ")");
    }

    @Test
    void aPeftFolderMergesLikeItsGgufTwinAndTypeQuantises() throws java.io.IOException {
        Path out = dir.resolve("run");
        LoraConfig lora = new LoraConfig(4, 8, LoraConfig.allTargets(), 5);
        try (Backend cpu = Backends.create("cpu")) {
            new Finetuner(new FinetuneSettings(BundledModels.stories260K(), FinetunerTest.EXAMPLE, out, lora, 3, 1e-2, 1, 512, 512, 0f, 1.0, 0, 3, false), cpu)
                    .run(s -> { });
        }
        Path fromGguf = dir.resolve("a.gguf"), fromPeft = dir.resolve("b.gguf"), quantised = dir.resolve("q.gguf");
        assertEquals(0, CliRun.run("merge", "--lora", out.resolve(TrainingResults.ADAPTER).toString(), "--out", fromGguf.toString()).code());
        assertEquals(0, CliRun.run("merge", "--lora", out.toString(), "--out", fromPeft.toString()).code());
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.nio.file.Files.readAllBytes(fromGguf), java.nio.file.Files.readAllBytes(fromPeft));
        CliRun.Result r = CliRun.run("merge", "--lora", out.toString(), "--out", quantised.toString(), "--type", "q8_0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("quantised to q8_0"), r.out());
        try (GgufFile q = GgufFile.open(quantised)) {
            assertEquals(dev.lightbulb.tensor.GgmlType.Q8_0, q.tensorInfo("blk.0.attn_q.weight").type());
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(java.util.List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temporary file is left");
        }
        r = CliRun.run("merge", "--lora", out.toString(), "--out", dir.resolve("x.gguf").toString(), "--type", "q3");
        assertEquals(2, r.code());
    }

    @Test
    void aFileThatIsNotAnAdapterIsRefused() {
        CliRun.Result r = CliRun.run("merge", "--lora", BundledModels.stories260K().toString(), "--out", dir.resolve("m.gguf").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a LoRA adapter"), r.err());
    }
}
