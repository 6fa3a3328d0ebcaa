package dev.lightbulb.text;

import dev.lightbulb.SharedData;
import dev.lightbulb.model.io.TokenizerFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Tokenizers are shared by every episode's thread: their word caches must not change any result. */
class ConcurrentEncodeTest {
    @Test
    void manyThreadsGetTheSameIdsAsOneFreshTokenizerEach() throws Exception {
        java.nio.file.Path[] files = {SharedData.path("models/tinystories/tokenizer.bin"), SharedData.path("models/vocab/ggml-vocab-gpt-2.gguf")};
        for (java.nio.file.Path file : files) {
            Tokenizer shared = TokenizerFiles.open(file);
            Random r = new Random(5);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 64; i++) texts.add(SentencePieceReferenceTest.randomText(r, 200));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<int[]>> results = new ArrayList<>();
                for (int round = 0; round < 4; round++) for (String t : texts) results.add(pool.submit(() -> shared.encode(t, true)));
                Tokenizer fresh = TokenizerFiles.open(file);
                for (int i = 0; i < results.size(); i++) {
                    String t = texts.get(i % texts.size());
                    assertArrayEquals(fresh.encode(t, true), results.get(i).get(), file + ": " + t);
                }
            }
        }
    }

}
