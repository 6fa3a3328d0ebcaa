package dev.lightbulb.text;

import dev.lightbulb.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteLevelBpeTest {
    static Tokenizer LLAMA3, QWEN2;

    /** In set-up, not a static initialiser: without the reference data the class is skipped, not broken. */
    @BeforeAll
    static void load() {
        LLAMA3 = Tokenizers.fromTiktoken(SharedData.path("models/vocab/llama3-tokenizer.model"));
        QWEN2 = Tokenizers.fromTiktoken(SharedData.path("models/vocab/qwen.tiktoken"));
    }

    @Test
    void llama3TiktokenPassesLlamaCppLlamaBpeVectors() {
        VocabTestVectors.load("ggml-vocab-llama-bpe.gguf").check(LLAMA3);
    }

    @Test
    void qwen2TiktokenPassesLlamaCppQwen2Vectors() {
        VocabTestVectors.load("ggml-vocab-qwen2.gguf").check(QWEN2);
    }

    @Test
    void llama3SpecialTokensOnlyWhenAsked() {
        String text = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";
        int[] parsed = LLAMA3.encode(text, true, true);
        assertEquals(128000, parsed[0]);
        assertEquals(128006, parsed[1]);
        assertEquals(128009, parsed[parsed.length - 1]);
        int[] literal = LLAMA3.encode(text, false, false);
        for (int id : literal) assertTrue(id < 128000, "user text must not produce special token " + id);
        assertEquals(text, LLAMA3.decode(literal));
        assertEquals(text, LLAMA3.decode(parsed, true).substring("<|begin_of_text|>".length()));
        assertTrue(LLAMA3.isEndOfGeneration(128009));
        assertTrue(LLAMA3.isEndOfGeneration(128001));
        assertFalse(LLAMA3.isEndOfGeneration(128006));
        assertTrue(LLAMA3.addBos());
    }

    @Test
    void loneSurrogatesAndBadUtf8BytesBecomeReplacementCharactersAsInLlamaCpp() {
        // llama.cpp's unicode_cpts_from_utf8 turns each undecodable byte into U+FFFD before pre-tokenizing
        assertArrayEquals(LLAMA3.encode("a\uFFFDb", false), LLAMA3.encode("a\uD83Db", false));
        String fromBytes = Tokenizers.decodeUtf8LikeLlamaCpp(new byte[] {'a', (byte) 0xF0, (byte) 0x9F, 'b'});
        assertEquals("a\uFFFD\uFFFDb", fromBytes);
        assertEquals(fromBytes, LLAMA3.decode(LLAMA3.encode(fromBytes, false)));
    }

    @Test
    void qwen2ImEndParsedOnlyWhenAsked() {
        assertArrayEquals(new int[] {151644}, QWEN2.encode("<|im_start|>", true, true), "Qwen2 adds no BOS");
        assertEquals(1, QWEN2.encode("<|im_end|>", false, true).length);
        assertTrue(QWEN2.encode("<|im_end|>", false, false).length > 1);
        assertTrue(QWEN2.isEndOfGeneration(151645));
        assertEquals(-1, QWEN2.bos());
    }
}
