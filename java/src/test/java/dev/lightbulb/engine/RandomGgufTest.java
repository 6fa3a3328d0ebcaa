package dev.lightbulb.engine;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.Generation;
import dev.lightbulb.model.Generator;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A random GGUF loads back as the same shape, with a working tokenizer, and generates. */
class RandomGgufTest {

    @Test
    void writtenModelLoadsTokenizesAndGenerates(@TempDir Path dir) {
        ModelConfig config = RandomWeights.llama(64, 2, 4, 2, 128, 400, 128);
        Path file = dir.resolve("tiny.gguf");
        RandomGguf.write(config, GgmlType.Q8_0, file);
        try (LoadedModel m = LoadedModel.open(file, null, new CpuBackend())) {
            ModelConfig read = m.model().config();
            assertEquals(config.dim(), read.dim());
            assertEquals(config.layers(), read.layers());
            assertEquals(config.kvHeads(), read.kvHeads());
            assertEquals(config.vocabSize(), read.vocabSize());
            assertArrayEquals(config.rope().inverseFrequencies(), read.rope().inverseFrequencies());
            // no piece matches: SentencePiece's space prefix, then every byte of "\u2581\u00e9!" as a byte token
            int[] ids = m.tokenizer().encode("\u00e9!", false);
            assertEquals("\u2581\u00e9!".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ids.length);
            for (int id : ids) assertTrue(id >= 3 && id < 259, "byte token expected, got " + id);
            Generation g = Generator.generate(m.model(), new int[] {1, 300, 301}, 4, SamplingParams.GREEDY, t -> false);
            assertEquals(4, g.generatedIds().length);
        }
    }

    @Test
    void otherRopeIsRefused(@TempDir Path dir) {
        ModelConfig llama3 = RandomWeights.llama3(64, 1, 4, 4, 128, 64);
        assertThrows(LightbulbException.class, () -> RandomGguf.write(llama3, GgmlType.F32, dir.resolve("x.gguf")));
    }
}
