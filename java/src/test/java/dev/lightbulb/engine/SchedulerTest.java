package dev.lightbulb.engine;

import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.PagedKvCache;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The scheduling policy on its own: budget, first come first served, preemption of the youngest. */
class SchedulerTest {

    static Sequence sequence(int id, int promptLength, int maxTokens) {
        int[] prompt = new int[promptLength];
        for (int i = 0; i < promptLength; i++) prompt[i] = 3 + (id * 31 + i) % 100;
        return sequence(id, prompt, maxTokens);
    }

    /** {@code prefix} followed by {@code tailLength} tokens of the sequence's own. */
    static Sequence withPrefix(int id, int[] prefix, int tailLength, int maxTokens) {
        int[] prompt = java.util.Arrays.copyOf(prefix, prefix.length + tailLength);
        for (int i = prefix.length; i < prompt.length; i++) prompt[i] = 200 + id;
        return sequence(id, prompt, maxTokens);
    }

    static Sequence sequence(int id, int[] prompt, int maxTokens) {
        return sequence(id, prompt, maxTokens, BlockPool.ROOT);
    }

    static Sequence sequence(int id, int[] prompt, int maxTokens, long chainRoot) {
        return new Sequence(id, GenerationRequest.ofTokens("s" + id, prompt, SamplingParams.GREEDY, maxTokens),
                new CompletableFuture<>(), null, prompt, null, 0, chainRoot);
    }

    /** Applies a plan as the engine would: positions fed, one token sampled for rows that reached the end. */
    static void run(Scheduler s, List<Scheduler.Slice> plan) {
        for (Scheduler.Slice slice : plan) {
            Sequence q = slice.sequence();
            q.computed += slice.count();
            s.registerFullBlocks(q);
            if (slice.wantsLogits()) q.accept(7, 0f, false);
        }
    }

    static Scheduler scheduler(int blocks, int budget, int maxRunning) {
        PagedKvCache cache = new PagedKvCache(new CpuBackend(), 1, 4, 4, blocks);
        EngineOptions o = new EngineOptions(4, blocks, budget, maxRunning, true);
        return new Scheduler(new BlockPool(cache.takeFreeBlocks(), 4, true), cache, o);
    }

    @Test
    void newcomersAreAdmittedInArrivalOrderWithinTheBudget() {
        Scheduler s = scheduler(64, 10, 2);
        for (int i = 0; i < 4; i++) s.waiting.add(sequence(i, 6, 3));
        List<Scheduler.Slice> plan = s.plan();
        assertEquals(2, plan.size());
        assertEquals(0, plan.get(0).sequence().id);
        assertEquals(6, plan.get(0).count());
        assertEquals(1, plan.get(1).sequence().id);
        assertEquals(4, plan.get(1).count(), "the rest of the budget: a prefill chunk");
        run(s, plan);
        plan = s.plan();
        assertEquals(1, plan.get(0).count(), "a decode token for the first");
        assertEquals(2, plan.get(1).count(), "the rest of the second's prompt");
        assertEquals(2, s.running.size(), "max running holds the others back");
        assertEquals(2, s.waiting.peek().id);
    }

    @Test
    void whenBlocksRunOutTheYoungestIsPreemptedAndRequeuedFirst() {
        Scheduler s = scheduler(4, 64, 4);
        Sequence old = sequence(0, 8, 10), young = sequence(1, 8, 10);
        s.waiting.add(old);
        s.waiting.add(young);
        run(s, s.plan());                     // both prompts: 2 blocks each, the pool is now empty
        assertEquals(0, s.waiting.size());
        List<Scheduler.Slice> plan = s.plan();
        // old's decode token (position 8) needs a third block: young is preempted to free one
        assertEquals(1, plan.size());
        assertSame(old, plan.getFirst().sequence());
        assertEquals(1, s.preemptions);
        assertSame(young, s.waiting.peek());
        assertEquals(0, young.computed, "its cache is forgotten; its tokens are kept to recompute");
        assertEquals(9, young.length);
        assertEquals(List.of(old), s.running);
        run(s, plan);
        assertEquals(1, s.plan().size(), "young still does not fit and waits");
        assertEquals(0, young.blockCount, "holding nothing while it waits");
        s.running.remove(old);                 // old finishes
        s.releaseBlocks(old);
        plan = s.plan();
        assertSame(young, plan.getFirst().sequence());
        assertEquals(4, plan.getFirst().from(), "old evicted young's tail block, not its head: the head is reused");
    }

    @Test
    void aSequenceThatFindsNoRoomPreemptsItselfWhenItIsTheYoungest() {
        Scheduler s = scheduler(3, 64, 4);
        Sequence a = sequence(0, 8, 10), b = sequence(1, 4, 10);
        s.waiting.add(a);
        s.waiting.add(b);
        List<Scheduler.Slice> plan = s.plan();
        assertEquals(2, plan.size(), "a takes 2 blocks, b the last one");
        run(s, plan);
        plan = s.plan();                       // a needs a block at position 8: b (youngest) goes
        assertEquals(1, plan.size());
        assertSame(a, plan.getFirst().sequence());
        assertSame(b, s.waiting.peek());
    }

    @Test
    void aSharedPrefixArrivingTogetherIsComputedOnceAndTheOthersWaitOneStep() {
        Scheduler s = scheduler(64, 100, 8);
        int[] instruction = sequence(9, 13, 1).tokens;   // 3 full blocks of 4, then one token
        for (int i = 0; i < 5; i++) s.waiting.add(withPrefix(i, java.util.Arrays.copyOf(instruction, 13), 3, 2));
        List<Scheduler.Slice> plan = s.plan();
        assertEquals(1, plan.size(), "the others would compute the same blocks in the same step: they wait");
        assertEquals(4, s.waiting.size());
        run(s, plan);
        plan = s.plan();
        assertEquals(5, plan.size());
        for (Scheduler.Slice slice : plan.subList(1, 5)) assertEquals(12, slice.from(), "the 3 full instruction blocks are shared");
        assertEquals(4 * 12, s.cachedPromptTokens);
        assertEquals(5 * 16, s.promptTokens);
    }

    @Test
    void aPrefixCachedUnderOneAdapterIsNeverServedUnderAnother() {
        Scheduler s = scheduler(64, 100, 8);
        int[] prompt = sequence(9, 13, 1).tokens;
        long base = BlockPool.root(null), adapted = BlockPool.root("lora:0123"), other = BlockPool.root("lora:4567");
        assertEquals(BlockPool.ROOT, base);
        assertNotEquals(base, adapted);
        assertNotEquals(adapted, other);
        s.waiting.add(sequence(0, prompt.clone(), 2, base));
        run(s, s.plan());
        s.waiting.add(sequence(1, prompt.clone(), 2, adapted));
        s.waiting.add(sequence(2, prompt.clone(), 2, base));
        List<Scheduler.Slice> plan = s.plan();
        assertEquals(0, plan.stream().filter(p -> p.sequence().id == 1).findFirst().orElseThrow().from(), "the adapted model computes its own KV");
        assertEquals(12, plan.stream().filter(p -> p.sequence().id == 2).findFirst().orElseThrow().from(), "the base model shares its blocks");
    }

    @Test
    void aWaitingSequenceKeepsItsPlaceAndIsAdmittedOnceItsPrefixIsPublished() {
        Scheduler s = scheduler(64, 8, 8);                // the maker's 24-token prompt takes three steps
        int[] instruction = sequence(9, 20, 1).tokens;
        Sequence maker = withPrefix(0, instruction, 4, 2), follower = withPrefix(1, instruction, 4, 2);
        s.waiting.add(maker);
        s.waiting.add(follower);
        int otherId = 100;
        for (int step = 0; step < 3; step++) {
            s.waiting.add(sequence(otherId++, 4, 2));     // a stream of unrelated newcomers behind the follower
            List<Scheduler.Slice> plan = s.plan();
            assertEquals(List.of(maker), plan.stream().map(Scheduler.Slice::sequence).toList(), "step " + step);
            assertSame(follower, s.waiting.peek(), "nobody overtakes the waiting follower");
            run(s, plan);
        }
        List<Scheduler.Slice> plan = s.plan();            // the maker decodes; its prompt blocks are all published
        assertSame(follower, plan.get(1).sequence());
        assertEquals(20, plan.get(1).from(), "5 shared blocks, computed once");
        assertEquals(20, s.cachedPromptTokens);
    }

    @Test
    void aPreemptedMakerGoesAheadOfItsFollowerAndTheFollowerStillShares() {
        Scheduler s = scheduler(6, 64, 4);
        Sequence old = sequence(0, 8, 10);
        s.waiting.add(old);
        run(s, s.plan());                                  // old holds 2 blocks
        int[] instruction = sequence(9, 8, 1).tokens;
        Sequence maker = withPrefix(1, instruction, 2, 10), follower = withPrefix(2, instruction, 2, 10);
        s.waiting.add(maker);
        s.waiting.add(follower);
        List<Scheduler.Slice> plan = s.plan();
        assertEquals(2, plan.size(), "old decodes, the maker prefills, the follower waits for its blocks");
        assertSame(follower, s.waiting.peek());
        run(s, plan);                                      // maker holds 3 blocks, 1 left
        for (int i = 0; i < 3; i++) run(s, s.plan());      // old grows to 3 blocks; the maker's decode needs a 4th
        assertTrue(s.preemptions > 0, "the pool ran out");
        assertEquals(List.of(maker, follower), List.copyOf(s.waiting).subList(0, 2), "the preempted maker is back ahead of its follower");
        s.running.remove(old);
        s.releaseBlocks(old);
        plan = s.plan();
        assertEquals(List.of(maker, follower), plan.stream().map(Scheduler.Slice::sequence).toList());
        assertEquals(8, plan.get(1).from(), "the follower shares the maker's published blocks");
    }
}
