package dev.lightbulb.engine;

import dev.lightbulb.text.chat.ChatMessage;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.FinishReason;
import dev.lightbulb.model.Generation;
import dev.lightbulb.model.LlamaModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

class EngineRequestsTest {

    @Test
    void promptPlusMaxTokensBeyondTheContextFinishesWithContextAndTheOthersRunOn() {
        TestModels.Stories s = TestModels.stories260K();
        int context = s.model().config().contextLength();
        int[] prompt = TestModels.randomPrompt(new SplittableRandom(1), 20, 512);
        try (Engine engine = new Engine(s.model(), s.tokenizer(), ChatFormat.PLAIN, EngineOptions.of(256, 4))) {
            List<GenerationResult> r = engine.generateAll(List.of(
                    GenerationRequest.ofTokens("ok", prompt, SamplingParams.GREEDY, 8),
                    GenerationRequest.ofTokens("too-long", prompt, SamplingParams.GREEDY, context - 19),
                    GenerationRequest.ofTokens("exactly-fits", prompt, SamplingParams.GREEDY, context - 20),
                    GenerationRequest.ofTokens("int-overflow", prompt, SamplingParams.GREEDY, Integer.MAX_VALUE)));
            assertEquals(FinishReason.CONTEXT, r.get(1).finishReason());
            assertEquals(FinishReason.CONTEXT, r.get(3).finishReason(), "prompt + max tokens is counted without wrapping around");
            assertEquals(0, r.get(1).generatedTokens());
            assertTrue(r.get(1).message().contains("context length of " + context), r.get(1).message());
            assertNotEquals(FinishReason.CONTEXT, r.get(0).finishReason());
            assertNotEquals(FinishReason.CONTEXT, r.get(2).finishReason(), "prompt + max tokens == context is allowed");
            assertNull(r.get(0).message());
        }
    }

    @Test
    void aStopStringCutsTheTextBeforeItAndEndsTheRequest() {
        TestModels.Stories s = TestModels.stories260K();
        int[] prompt = s.tokenizer().encode("Once upon a time", true);
        Generation ref = TestModels.alone(s.model(), s.tokenizer(), prompt, 40, SamplingParams.GREEDY);
        String full = EngineBatchInvarianceTest.continuation(s.tokenizer(), ref.generatedIds());
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        int at = full.indexOf(stop);
        try (Engine engine = new Engine(s.model(), s.tokenizer(), ChatFormat.PLAIN, EngineOptions.of(256, 4))) {
            GenerationResult r = engine.submit(GenerationRequest.ofTokens("s", prompt, SamplingParams.GREEDY, 40)
                    .withStop(List.of("no such text here", stop))).join();
            assertEquals(FinishReason.STOP, r.finishReason());
            assertEquals(full.substring(0, at), r.text());
            assertTrue(r.generatedTokens() < ref.generatedIds().length);
            assertArrayEquals(Arrays.copyOf(ref.generatedIds(), r.generatedTokens()), r.generatedIds());

            int tokenStop = ref.generatedIds()[5];
            GenerationResult t = engine.submit(GenerationRequest.ofTokens("t", prompt, SamplingParams.GREEDY, 40)
                    .withStop(List.of(), tokenStop)).join();
            assertEquals(FinishReason.STOP, t.finishReason());
            int first = Arrays.stream(ref.generatedIds()).boxed().toList().indexOf(tokenStop);
            assertArrayEquals(Arrays.copyOf(ref.generatedIds(), first + 1), t.generatedIds(), "ends with (and includes) the stop token");
        }
    }

    @Test
    void chatMessagesAreRenderedTokenisedAndRecorded() {
        TestModels.Stories s = TestModels.stories260K();
        List<ChatMessage> chat = List.of(new ChatMessage("user", "Tell me a story."), new ChatMessage("assistant", "Once upon a time"),
                new ChatMessage("user", "Go on."));
        String rendered = "user: Tell me a story.\nassistant: Once upon a time\nuser: Go on.\nassistant:";
        assertEquals(rendered, ChatFormat.PLAIN.render(chat));
        int[] ids = s.tokenizer().encode(rendered, s.tokenizer().addBos(), true);
        Generation ref = TestModels.alone(s.model(), s.tokenizer(), ids, 12, SamplingParams.GREEDY);
        try (Engine engine = new Engine(s.model(), s.tokenizer(), ChatFormat.PLAIN, EngineOptions.of(256, 4))) {
            GenerationResult r = engine.submit(GenerationRequest.ofMessages("c", chat, SamplingParams.GREEDY, 12)).join();
            assertEquals(rendered, r.prompt());
            assertEquals(ids.length, r.promptTokens());
            assertArrayEquals(ref.generatedIds(), r.generatedIds());
        }
    }

    @Test
    void aTemplateThatWritesBosGetsNoSecondOneAndClembenchRulesApply() {
        TestModels.Stories s = TestModels.stories260K();
        ChatFormat llama2 = ChatFormat.of(dev.lightbulb.text.chat.ChatTemplate.builtin("llama-2"));
        List<ChatMessage> chat = List.of(new ChatMessage("system", ""), new ChatMessage("user", "Hi"), new ChatMessage("user", "there"));
        try (Engine engine = new Engine(s.model(), s.tokenizer(), llama2, EngineOptions.of(256, 4))) {
            GenerationResult r = engine.submit(GenerationRequest.ofMessages("c", chat, SamplingParams.GREEDY, 4)).join();
            assertTrue(r.prompt().startsWith("<s>[INST] Hi\n\nthere [/INST]"), r.prompt());
            int[] ids = s.tokenizer().encode(r.prompt(), false, true);
            assertEquals(ids.length, r.promptTokens());
            assertEquals(1, Arrays.stream(ids).filter(t -> t == s.tokenizer().bos()).count(), "exactly one BOS");
        }
    }

    @Test
    void repeatedInstructionsAreComputedOnceAndShared() {
        TestModels.Stories s = TestModels.stories260K();
        SplittableRandom rnd = new SplittableRandom(5);
        int[] instruction = TestModels.randomPrompt(rnd, 70, 512);           // 4 full blocks of 16, then 6 more
        try (Engine engine = new Engine(s.model(), s.tokenizer(), ChatFormat.PLAIN, EngineOptions.of(256, 8))) {
            GenerationResult first = engine.submit(GenerationRequest.ofTokens("a", withTail(instruction, rnd), SamplingParams.GREEDY, 4)).join();
            assertEquals(0, first.cachedTokens());
            List<GenerationRequest> later = new ArrayList<>();
            for (int i = 0; i < 6; i++) later.add(GenerationRequest.ofTokens("b" + i, withTail(instruction, rnd), SamplingParams.GREEDY, 4));
            for (GenerationResult r : engine.generateAll(later)) assertEquals(64, r.cachedTokens(), r.id());
            EngineStats st = engine.stats();
            assertEquals(6 * 64, st.cachedPromptTokens());
            assertTrue(st.prefixHitRate() > 0.5, st.toString());
        }
    }

    @Test
    void identicalInstructionsSubmittedTogetherAreComputedOnceAndEachAnswerIsAsIfAlone() {
        TestModels.Stories s = TestModels.stories260K();
        SplittableRandom rnd = new SplittableRandom(8);
        int[] instruction = TestModels.randomPrompt(rnd, 70, 512);           // 4 full blocks of 16, then 6 more
        List<GenerationRequest> together = new ArrayList<>();
        for (int i = 0; i < 8; i++) together.add(GenerationRequest.ofTokens("t" + i, withTail(instruction, rnd), SamplingParams.GREEDY, 6));
        try (Engine engine = new Engine(s.model(), s.tokenizer(), ChatFormat.PLAIN, EngineOptions.of(256, 8))) {
            List<GenerationResult> results = engine.generateAll(together);
            // however many arrive in the engine's first step, only the first computes the 4 blocks; the rest wait a step
            assertEquals(0, results.getFirst().cachedTokens());
            for (GenerationResult r : results.subList(1, 8)) assertEquals(64, r.cachedTokens(), r.id());
            assertEquals(7 * 64, engine.stats().cachedPromptTokens());
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(TestModels.alone(s.model(), s.tokenizer(), together.get(i).promptIds(), 6, SamplingParams.GREEDY).generatedIds(),
                        results.get(i).generatedIds(), together.get(i).id());
            }
        }
    }

    @Test
    void waitingForASharedPrefixSurvivesPreemption() {
        TestModels.Stories s = TestModels.stories260K();
        SplittableRandom rnd = new SplittableRandom(9);
        int[] instruction = TestModels.randomPrompt(rnd, 70, 512);
        List<GenerationRequest> together = new ArrayList<>();
        for (int i = 0; i < 8; i++) together.add(GenerationRequest.ofTokens("p" + i, withTail(instruction, rnd), SamplingParams.GREEDY, 24));
        // 8 sequences need 4 shared + 8 × 3 own blocks: a pool of 14 preempts the youngest again and again
        try (Engine engine = new Engine(s.model(), s.tokenizer(), ChatFormat.PLAIN, new EngineOptions(16, 14, 512, 8, true))) {
            List<GenerationResult> results = engine.generateAll(together);
            assertTrue(engine.stats().preemptions() > 0, engine.stats().toString());
            assertTrue(engine.stats().cachedPromptTokens() >= 7 * 64, "every follower shared the instruction: " + engine.stats());
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(TestModels.alone(s.model(), s.tokenizer(), together.get(i).promptIds(), 24, SamplingParams.GREEDY).generatedIds(),
                        results.get(i).generatedIds(), together.get(i).id());
            }
        }
    }

    private static int[] withTail(int[] instruction, SplittableRandom rnd) {
        int[] tail = TestModels.randomPrompt(rnd, 10, 512);
        int[] p = Arrays.copyOf(instruction, instruction.length + 9);
        System.arraycopy(tail, 1, p, instruction.length, 9);
        return p;
    }

    @Test
    void thousandsOfVirtualThreadsEachGetTheirOwnAnswer() throws Exception {
        try (LlamaModel model = TestModels.tinyRandom();
             Engine engine = new Engine(model, null, ChatFormat.PLAIN, EngineOptions.of(512, 128))) {
            int n = 2000;
            List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    int[] prompt = {1, 3 + i % 500, 3 + (i * 7) % 500};
                    String id = "v" + i;
                    results.add(CompletableFuture.supplyAsync(() -> engine.submit(GenerationRequest.ofTokens(id, prompt, SamplingParams.GREEDY, 2)).join(), threads));
                }
                // requests with equal prompts must get equal answers; compare against the first of each prompt
                for (int i = 0; i < n; i++) {
                    GenerationResult r = results.get(i).get();
                    assertEquals("v" + i, r.id());
                    assertEquals(2, r.generatedTokens());
                    if (i >= 500) assertArrayEquals(results.get(i % 500).get().generatedIds(), r.generatedIds(), r.id());
                }
            }
            assertEquals(n, engine.stats().finished());
        }
    }

    @Test
    void badRequestsFailAloneWithAClearMessage() {
        try (LlamaModel model = TestModels.tinyRandom();
             Engine engine = new Engine(model, null, ChatFormat.PLAIN, new EngineOptions(4, 8, 64, 4, true))) {
            CompletionException empty = assertThrows(CompletionException.class,
                    () -> engine.submit(GenerationRequest.ofTokens("e", new int[0], SamplingParams.GREEDY, 3)).join());
            assertInstanceOf(LightbulbException.class, empty.getCause());
            assertTrue(empty.getCause().getMessage().contains("request e: the prompt is empty"));
            CompletionException outside = assertThrows(CompletionException.class,
                    () -> engine.submit(GenerationRequest.ofTokens("o", new int[] {1, 512}, SamplingParams.GREEDY, 3)).join());
            assertTrue(outside.getCause().getMessage().contains("prompt token 1 is 512"), outside.getCause().getMessage());
            CompletionException pool = assertThrows(CompletionException.class,
                    () -> engine.submit(GenerationRequest.ofTokens("p", new int[] {1, 2, 3}, SamplingParams.GREEDY, 40)).join());
            assertTrue(pool.getCause().getMessage().contains("needs 11 KV blocks"), pool.getCause().getMessage());
            assertEquals(3, engine.submit(GenerationRequest.ofTokens("fine", new int[] {1, 2, 3}, SamplingParams.GREEDY, 3)).join().generatedTokens());
        }
        assertThrows(IllegalArgumentException.class, () -> GenerationRequest.ofTokens("m", new int[] {1}, SamplingParams.GREEDY, -1));
    }
}
