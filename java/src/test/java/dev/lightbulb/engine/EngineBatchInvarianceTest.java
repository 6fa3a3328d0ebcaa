package dev.lightbulb.engine;

import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.Generation;
import dev.lightbulb.model.LlamaModel;
import dev.lightbulb.text.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The docs/ARCHITECTURE.md contract end to end: a request's tokens are those it gets generated alone, whatever runs beside it,
 * in whatever order, at whatever concurrency, with prefix sharing on or off, and after being preempted.
 */
class EngineBatchInvarianceTest {

    /** Prompts of mixed lengths; a third of them start with one shared 37-token "instruction". */
    static List<GenerationRequest> requests(int count, int vocab, int maxTokens, boolean sampled, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] instruction = TestModels.randomPrompt(r, 37, vocab);
        List<GenerationRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] prompt = TestModels.randomPrompt(r, 2 + r.nextInt(40), vocab);
            if (i % 3 == 0) {
                int[] joined = Arrays.copyOf(instruction, instruction.length + prompt.length - 1);
                System.arraycopy(prompt, 1, joined, instruction.length, prompt.length - 1);
                prompt = joined;
            }
            SamplingParams p = sampled && i % 2 == 1 ? new SamplingParams(0.9f, 40, 0.95f, 0.02f, 1.1f, 0f, 1000 + i) : SamplingParams.GREEDY;
            out.add(GenerationRequest.ofTokens("r" + i, prompt, p, maxTokens));
        }
        return out;
    }

    static void assertSameAsAlone(LlamaModel model, Tokenizer tok, List<GenerationRequest> requests, EngineOptions options, boolean shuffle) {
        List<GenerationRequest> order = new ArrayList<>(requests);
        if (shuffle) Collections.shuffle(order, new java.util.Random(3));
        List<GenerationResult> results;
        try (Engine engine = new Engine(model, tok, ChatFormat.PLAIN, options)) {
            results = engine.generateAll(order);
        }
        for (int i = 0; i < order.size(); i++) {
            GenerationRequest q = order.get(i);
            Generation ref = TestModels.alone(model, tok, q.promptIds(), q.maxTokens(), q.sampling());
            GenerationResult got = results.get(i);
            assertEquals(q.id(), got.id());
            assertArrayEquals(ref.generatedIds(), got.generatedIds(), q.id() + " tokens with " + options);
            assertArrayEquals(ref.logProbs(), got.logProbs(), 0f, q.id() + " log-probabilities with " + options);
            assertEquals(ref.finishReason(), got.finishReason(), q.id() + " finish reason");
            if (tok != null) assertEquals(continuation(tok, ref.generatedIds()), got.text(), q.id() + " text");
        }
    }

    /** The text of generated ids as it follows the prompt (a word-initial space is kept, unlike decode() of ids alone). */
    static String continuation(Tokenizer tok, int[] ids) {
        var d = tok.newDecoder();
        StringBuilder b = new StringBuilder();
        for (int id : ids) b.append(d.push(id));
        return b.append(d.flush()).toString();
    }

    @Test
    void stories260KGreedyIsTheSameAloneTogetherInAnyOrderWithSharingOnOrOff() {
        TestModels.Stories s = TestModels.stories260K();
        List<GenerationRequest> requests = requests(12, s.model().config().vocabSize(), 24, false, 11);
        assertSameAsAlone(s.model(), s.tokenizer(), requests, EngineOptions.of(512, 1), false);
        assertSameAsAlone(s.model(), s.tokenizer(), requests, EngineOptions.of(512, 12), false);
        assertSameAsAlone(s.model(), s.tokenizer(), requests, EngineOptions.of(512, 5), true);
        assertSameAsAlone(s.model(), s.tokenizer(), requests, EngineOptions.of(512, 12).withPrefixSharing(false), true);
        // small step budget: prompts are fed in many chunks, interleaved with other sequences' decode steps
        assertSameAsAlone(s.model(), s.tokenizer(), requests, new EngineOptions(16, 512, 7, 4, true), true);
    }

    @Test
    void sampledRowsKeepTheirOwnParametersAndRandomness() {
        TestModels.Stories s = TestModels.stories260K();
        List<GenerationRequest> requests = requests(10, s.model().config().vocabSize(), 20, true, 12);
        assertSameAsAlone(s.model(), s.tokenizer(), requests, EngineOptions.of(512, 10), true);
        assertSameAsAlone(s.model(), s.tokenizer(), requests, EngineOptions.of(512, 3), false);
    }

    @Test
    void requestsArrivingWhileOthersRunGetTheirAloneTokensUnderRandomSettings() throws Exception {
        try (LlamaModel model = TestModels.tinyRandom()) {
            List<GenerationRequest> requests = requests(24, model.config().vocabSize(), 20, true, 14);
            List<Generation> alone = new ArrayList<>();
            for (GenerationRequest q : requests) alone.add(TestModels.alone(model, null, q.promptIds(), q.maxTokens(), q.sampling()));
            SplittableRandom r = new SplittableRandom(15);
            for (int round = 0; round < 4; round++) {
                int blockSize = 2 + r.nextInt(7);
                int kvBlocks = (80 + 20 + blockSize - 1) / blockSize + r.nextInt(60);   // room for the longest request, little more
                int maxRunning = 1 + r.nextInt(12);
                EngineOptions options = new EngineOptions(blockSize, kvBlocks, maxRunning + r.nextInt(40), maxRunning, r.nextBoolean());
                long[] delays = r.longs(requests.size(), 0, 15).toArray();
                List<java.util.concurrent.Future<GenerationResult>> results = new ArrayList<>();
                try (Engine engine = new Engine(model, null, ChatFormat.PLAIN, options);
                     var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < requests.size(); i++) {
                        GenerationRequest q = requests.get(i);
                        long delay = delays[i];
                        results.add(threads.submit(() -> {
                            Thread.sleep(delay);
                            return engine.submit(q).join();
                        }));
                    }
                    for (int i = 0; i < requests.size(); i++) {
                        GenerationResult got = results.get(i).get();
                        assertArrayEquals(alone.get(i).generatedIds(), got.generatedIds(), got.id() + " with " + options);
                        assertArrayEquals(alone.get(i).logProbs(), got.logProbs(), 0f, got.id() + " with " + options);
                    }
                }
            }
        }
    }

    @Test
    void aSmallKvPoolPreemptsAndRecomputesWithoutChangingAToken() {
        try (LlamaModel model = TestModels.tinyRandom()) {
            List<GenerationRequest> requests = requests(16, model.config().vocabSize(), 40, true, 13);
            // blocks of 4 positions; each request needs up to 21 blocks, 16 of them would need ~250: 40 forces preemption
            EngineOptions small = new EngineOptions(4, 40, 64, 16, true);
            assertSameAsAlone(model, null, requests, small, false);
            assertSameAsAlone(model, null, requests, small.withPrefixSharing(false), true);
            try (Engine engine = new Engine(model, null, ChatFormat.PLAIN, small)) {
                engine.generateAll(requests);
                assertTrue(engine.stats().preemptions() > 0, "the pool was small enough to force preemption: " + engine.stats());
            }
        }
    }
}
