package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.io.Llama2cCheckpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Finish reasons, chunked prefill and log-probabilities of {@link Generator}, on stories260K with its context cut to 24. */
class GeneratorTest {
    private static Llama2cCheckpoint checkpoint;
    private static LlamaModel model;
    private static final int[] PROMPT = {1, 403, 407, 261, 378};

    @BeforeAll
    static void load() {
        checkpoint = Llama2cCheckpoint.open(SharedData.path("models/tinystories/stories260K.bin"));
        Llama2cWeights w = new Llama2cWeights(checkpoint);
        model = LlamaModel.load(w.config().withContextLength(24), w, new CpuBackend());
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
        if (checkpoint != null) checkpoint.close();
    }

    @Test
    void finishReasons() {
        Generation length = Generator.generate(model, PROMPT, 6, SamplingParams.GREEDY, t -> false);
        assertEquals(FinishReason.LENGTH, length.finishReason());
        assertEquals(6, length.generatedIds().length);

        int third = length.generatedIds()[2];
        Generation stop = Generator.generate(model, PROMPT, 6, SamplingParams.GREEDY, t -> t == third);
        assertEquals(FinishReason.STOP, stop.finishReason());
        assertArrayEquals(java.util.Arrays.copyOf(length.generatedIds(), 3), stop.generatedIds());

        Generation context = Generator.generate(model, PROMPT, 100, SamplingParams.GREEDY, t -> false);
        assertEquals(FinishReason.CONTEXT, context.finishReason());
        assertEquals(24 - PROMPT.length, context.generatedIds().length);
    }

    @Test
    void chunkedPrefillGivesTheSameTokensAndLogProbs() {
        int[] prompt = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298};
        Generation whole = Generator.generate(model, prompt, 8, SamplingParams.GREEDY, t -> false);
        for (int chunk : new int[] {1, 3, 4}) {
            java.util.List<Integer> streamed = new java.util.ArrayList<>();
            Generation chunked = Generator.generate(model, prompt, 8, SamplingParams.GREEDY, t -> false, chunk, streamed::add);
            assertArrayEquals(chunked.generatedIds(), streamed.stream().mapToInt(Integer::intValue).toArray(), "streamed tokens");
            assertArrayEquals(whole.generatedIds(), chunked.generatedIds(), "chunk " + chunk);
            assertArrayEquals(whole.logProbs(), chunked.logProbs(), 0f, "chunk " + chunk);
        }
    }

    @Test
    void sampledRunsAreReproducibleAndLogProbsAreProbabilities() {
        SamplingParams p = new SamplingParams(1.5f, 0, 1f, 0f, 1f, 0f, 99);
        Generation a = Generator.generate(model, PROMPT, 12, p, t -> false);
        Generation b = Generator.generate(model, PROMPT, 12, p, t -> false);
        assertArrayEquals(a.generatedIds(), b.generatedIds());
        for (float lp : a.logProbs()) assertTrue(lp <= 0 && lp > Float.NEGATIVE_INFINITY, "log-probability " + lp);
        Generation other = Generator.generate(model, PROMPT, 12, p.withSeed(100), t -> false);
        assertFalse(java.util.Arrays.equals(a.generatedIds(), other.generatedIds()), "another seed, another story");
    }

    @Test
    void promptLongerThanTheContextIsRejected() {
        LightbulbException e = assertThrows(LightbulbException.class,
                () -> Generator.generate(model, new int[25], 1, SamplingParams.GREEDY, t -> false));
        assertTrue(e.getMessage().contains("25 tokens, more than the model's context length of 24"), e.getMessage());
    }
}
