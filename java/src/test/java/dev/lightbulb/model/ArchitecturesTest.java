package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.engine.RandomWeights;
import dev.lightbulb.model.io.GgufFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The architecture registry: file names to families, what a family implies for the config, and which model loads. */
class ArchitecturesTest {

    @Test
    void fileNamesMapToTheirFamilies() {
        assertSame(Architectures.LLAMA, Architectures.forFileName("llama", "f"));
        assertSame(Architectures.LLAMA, Architectures.forFileName("mistral", "f"));
        assertSame(Architectures.QWEN2, Architectures.forFileName("qwen2", "f"));
        assertEquals("llama, mistral, qwen2", Architectures.supportedNames());
        LightbulbException e = assertThrows(LightbulbException.class, () -> Architectures.forFileName("gpt2", "m.gguf: general.architecture"));
        assertEquals("m.gguf: general.architecture 'gpt2' is not supported (llama, mistral, qwen2)", e.getMessage());
    }

    @Test
    void aMistralGgufIsALlamaAndAnUnknownOneIsNamed(@TempDir Path dir) {
        Path mistral = dir.resolve("mistral.gguf"), gpt2 = dir.resolve("gpt2.gguf");
        Qwen2GgufTest.rewrite(SharedData.path("models/tinystories/stories260K-f32.gguf"), mistral, "mistral", (n, t) -> t, w -> { });
        Qwen2GgufTest.rewrite(SharedData.path("models/tinystories/stories260K-f32.gguf"), gpt2, "gpt2", (n, t) -> t, w -> { });
        try (GgufFile f = GgufFile.open(mistral)) {
            ModelConfig c = ModelConfig.fromGguf(f);
            assertEquals("llama", c.architecture());
            assertEquals(RopeLayout.NORM, c.rope().layout());
            assertFalse(c.qkvBias());
        }
        try (GgufFile f = GgufFile.open(gpt2)) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> ModelConfig.fromGguf(f));
            assertEquals(gpt2 + ": general.architecture 'gpt2' is not supported (llama, mistral, qwen2)", e.getMessage());
        }
    }

    @Test
    void theRegistryLoadsACausalLmOfTheConfigsFamily() {
        ModelConfig llama = RandomWeights.llama(16, 1, 2, 1, 24, 32, 8);
        try (CausalLm m = Architectures.load(llama, new RandomWeights(llama, 1), new CpuBackend())) {
            assertInstanceOf(LlamaModel.class, m);
            assertEquals(llama, m.config());
        }
        ModelConfig unknown = new ModelConfig("gpt2", 16, 1, 2, 1, 8, 24, 32, 8, 1e-5f, llama.rope(), false, 0);
        LightbulbException e = assertThrows(LightbulbException.class, () -> Architectures.of(unknown));
        assertTrue(e.getMessage().contains("'gpt2'"), e.getMessage());
    }
}
