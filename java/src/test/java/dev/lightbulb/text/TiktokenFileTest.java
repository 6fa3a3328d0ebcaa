package dev.lightbulb.text;

import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A damaged tiktoken rank file: the line named, its content quoted without control characters. */
class TiktokenFileTest {
    @Test
    void aBadLineIsNamedAndItsTextEscaped(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("tokenizer.model"), "IQ== 0\nIg== 1\nIw== 2\u000c5\n");
        LightbulbException e = assertThrows(LightbulbException.class, () -> Tokenizers.open(file));
        assertEquals(file + ": line 3 is not 'base64 rank': For input string: \"2\\x0c5\"", e.getMessage());
        Files.write(file, "IQ== 0\n\u00ff 1\n".getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(LightbulbException.class, () -> Tokenizers.open(file));
        assertEquals(file + ": cannot read tiktoken file: not valid UTF-8 text", e.getMessage());
    }
}
