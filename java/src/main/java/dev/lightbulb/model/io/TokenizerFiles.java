package dev.lightbulb.model.io;

import dev.lightbulb.InputFiles;
import dev.lightbulb.text.Tokenizer;
import dev.lightbulb.text.Tokenizers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens any tokenizer file lightbulb reads: a GGUF model (vocab-only ones too), whose metadata this layer parses,
 * or any format {@link Tokenizers#open} recognises (tokenizer.json, tiktoken, SentencePiece tokenizer.model,
 * llama2.c tokenizer.bin, a Hugging Face model folder).
 */
public final class TokenizerFiles {
    private TokenizerFiles() {}

    private static final byte[] GGUF_MAGIC = {'G', 'G', 'U', 'F'};

    public static Tokenizer open(Path file) {
        if (Files.isDirectory(file)) return Tokenizers.open(file);
        InputFiles.requireReadableFile(file, "a tokenizer file");
        if (startsWithGgufMagic(file)) {
            try (GgufFile gguf = GgufFile.open(file)) {
                return Tokenizers.fromGguf(gguf);
            }
        }
        return Tokenizers.open(file);
    }

    private static boolean startsWithGgufMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(GGUF_MAGIC.length), GGUF_MAGIC);
        } catch (IOException e) {
            throw InputFiles.cannotRead(file, "tokenizer file", e);
        }
    }
}
