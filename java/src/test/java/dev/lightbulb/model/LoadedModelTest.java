package dev.lightbulb.model;

import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.cli.Main;
import dev.lightbulb.model.io.BundledModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** How a model file is recognised and opened, and the one-line errors for files that are not what they claim. */
class LoadedModelTest {

    /** {@code generate} through Main.execute: the exit code, then stderr. */
    private static String generate(Path model) {
        CliRun.Result r = CliRun.run("generate", "--model", model.toString(), "--prompt", "Once", "--max-tokens", "4", "--backend", "cpu");
        return r.code() + "\n" + r.err().strip();
    }

    private static void assertOneLineError(String result, String... parts) {
        assertTrue(result.startsWith("2\n"), result);
        String message = result.substring(2);
        assertEquals(1, message.lines().count(), message);
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' in: " + message);
    }

    @Test
    void aGgufWithAWrongMagicIsReportedAsNotAGgufFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.gguf");
        Files.writeString(bad, "not a gguf file at all");
        String r = generate(bad);
        assertOneLineError(r, "bad.gguf: not a GGUF file (magic 0x6e6f7420 \"not \"");
        assertFalse(r.contains("tokenizer"), "not mistaken for a llama2.c model: " + r);
    }

    @Test
    void aFileOfNoKnownFormatSaysWhatWasExpected(@TempDir Path dir) throws Exception {
        Path pt = dir.resolve("model.pt");
        Files.write(pt, new byte[] {0x50, 0x4b, 0x03, 0x04, 0});
        assertOneLineError(generate(pt), "model.pt: not a model lightbulb can read (magic 0x504b0304 \"PK..\")", "GGUF", "llama2.c");
        assertOneLineError(generate(dir), dir + " is a directory but not a Hugging Face model folder (it has no config.json)");
    }

    @Test
    void aDeviceOrAMissingFileIsSaidToBeOne(@TempDir Path dir) {
        assertOneLineError(generate(dir.resolve("none.gguf")), "--model: " + dir.resolve("none.gguf") + ": no such file");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/null")));
        assertOneLineError(generate(Path.of("/dev/null")), "--model: /dev/null is a character device, not a model file");
        CliRun.Result inspect = CliRun.run("inspect", "/dev/null");
        assertEquals("lightbulb: /dev/null is a character device, not a GGUF file", inspect.err().strip());
        CliRun.Result tokenize = CliRun.run("tokenize", "--model", "/dev/null", "--text", "hi");
        assertEquals("lightbulb: /dev/null is a character device, not a tokenizer file", tokenize.err().strip());
    }

    @Test
    void aLlama2cModelWithoutItsTokenizerIsOneClearError(@TempDir Path dir) throws Exception {
        Path bin = Files.copy(SharedData.path("models/tinystories/stories260K.bin"), dir.resolve("stories260K.bin"));
        assertOneLineError(generate(bin), "stories260K.bin: a llama2.c model needs its tokenizer", dir.resolve("tokenizer.bin") + " not found", "--tokenizer");
    }

    @Test
    void contextOverrideAndChatTemplate() {
        try (LoadedModel m = LoadedModel.open(BundledModels.stories260K(), null, new CpuBackend(), 1024)) {
            assertEquals(1024, m.model().config().contextLength());
            assertNull(m.chatTemplate(), "stories260K carries no chat template: callers use the plain fallback");
        }
        try (LoadedModel m = LoadedModel.open(BundledModels.stories260K(), null, new CpuBackend())) {
            assertEquals(512, m.model().config().contextLength());
        }
        LightbulbException e = assertThrows(LightbulbException.class, () -> LoadedModel.open(BundledModels.stories260K(), null, new CpuBackend(), 0));
        assertTrue(e.getMessage().contains("--context"), e.getMessage());
    }
}
