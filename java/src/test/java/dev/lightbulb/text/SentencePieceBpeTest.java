package dev.lightbulb.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentencePieceBpeTest {

    @Test
    void stories260KPromptMatchesLlama2c() throws IOException {
        Tokenizer tok = Tokenizers.fromLlama2c(SharedData.path("models/tinystories/tok512.bin"));
        JsonNode ref = new ObjectMapper().readTree(SharedData.path("models/reference/stories260K_greedy_once.json").toFile());
        int[] expected = new ObjectMapper().convertValue(ref.get("prompt_ids"), int[].class);
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, expected);
        assertArrayEquals(expected, tok.encode("Once upon a time", true));
        assertArrayEquals(expected, tok.encode("Once upon a time"), "BOS by default: the vocabulary adds it");
        assertEquals(512, tok.vocabSize());
        assertEquals(1, tok.bos());
        assertEquals(2, tok.eos());
        assertTrue(tok.addBos());
        assertTrue(tok.isEndOfGeneration(2));
        assertEquals("Once upon a time", tok.decode(expected));
    }

    @Test
    void llama2TokenizerBinPassesLlamaCppSpmVectors() {
        Tokenizer tok = Tokenizers.fromLlama2c(SharedData.path("models/tinystories/tokenizer.bin"));
        VocabTestVectors.load("ggml-vocab-llama-spm.gguf").check(tok);
    }

    @Test
    void sentencePieceModelFilePassesLlamaCppSpmVectorsAndMatchesTheGguf() {
        Tokenizer model = Tokenizers.open(SharedData.path("models/tinystories/tokenizer.model"));
        VocabTestVectors.load("ggml-vocab-llama-spm.gguf").check(model);
        Tokenizer bin = Tokenizers.fromLlama2c(SharedData.path("models/tinystories/tokenizer.bin"));
        assertEquals(bin.vocabSize(), model.vocabSize());
        for (int id = 0; id < model.vocabSize(); id++) {
            assertEquals(bin.piece(id), model.piece(id), "piece " + id);
            assertEquals(bin.type(id), model.type(id), "type " + id);
        }
        assertEquals(1, model.bos());
        assertEquals(2, model.eos());
    }

    @Test
    void aModelFolderPrefersItsSentencePieceModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Files.copy(SharedData.path("models/tinystories/tokenizer.model"), dir.resolve("tokenizer.model"));
        java.nio.file.Files.writeString(dir.resolve("tokenizer.json"), "{\"model\":{\"type\":\"WordPiece\"}}");
        assertArrayEquals(new int[] {1, 15043, 3186}, Tokenizers.open(dir).encode("Hello world", true));
        java.nio.file.Files.delete(dir.resolve("tokenizer.model"));
        org.junit.jupiter.api.Assertions.assertThrows(dev.lightbulb.LightbulbException.class, () -> Tokenizers.open(dir),
                "without tokenizer.model the folder's tokenizer.json is read (here: an unsupported WordPiece one)");
    }

    @Test
    void notAProtobufIsAClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path bad = dir.resolve("tokenizer.model");
        java.nio.file.Files.write(bad, new byte[] {0x0A, 0x7F, 0x0A, 0x01});
        dev.lightbulb.LightbulbException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.lightbulb.LightbulbException.class, () -> Tokenizers.open(bad));
        assertTrue(e.getMessage().contains("SentencePiece"), e.getMessage());
    }

    /** SentencePiece writes -1 for a disabled special token; any negative id means none, never a crash. */
    @Test
    void negativeSpecialIdsMeanNone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.io.ByteArrayOutputStream trainer = new java.io.ByteArrayOutputStream();
        varintField(trainer, 3, 2);      // model_type BPE
        varintField(trainer, 41, -1);    // bos_id
        varintField(trainer, 42, -7);    // eos_id
        java.io.ByteArrayOutputStream model = new java.io.ByteArrayOutputStream();
        String[] pieces = {"<unk>", "a", "b"};
        for (int i = 0; i < pieces.length; i++) {
            java.io.ByteArrayOutputStream piece = new java.io.ByteArrayOutputStream();
            bytesField(piece, 1, pieces[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            varintField(piece, 3, i == 0 ? 2 : 1);
            bytesField(model, 1, piece.toByteArray());
        }
        bytesField(model, 2, trainer.toByteArray());
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("tokenizer.model"), model.toByteArray());
        Tokenizer t = Tokenizers.open(file);
        assertEquals(-1, t.bos());
        assertEquals(-1, t.eos());
        assertArrayEquals(t.encode("ab", false), t.encode("ab", true), "no BOS to add");
    }

    private static void varint(java.io.ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) { out.write((int) (v & 0x7F) | 0x80); v >>>= 7; }
        out.write((int) v);
    }

    private static void varintField(java.io.ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    private static void bytesField(java.io.ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, (long) field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    @Test
    void emptyTextGivesOnlyBos() {
        Tokenizer tok = Tokenizers.fromLlama2c(SharedData.path("models/tinystories/tok512.bin"));
        assertArrayEquals(new int[] {1}, tok.encode("", true));
        assertArrayEquals(new int[0], tok.encode("", false));
    }
}
