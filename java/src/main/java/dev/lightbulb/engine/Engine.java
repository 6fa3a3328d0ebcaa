package dev.lightbulb.engine;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.sampling.SampleRow;
import dev.lightbulb.backend.sampling.SampledToken;
import dev.lightbulb.model.FinishReason;
import dev.lightbulb.model.ForwardBatch;
import dev.lightbulb.model.CausalLm;
import dev.lightbulb.model.PagedKvCache;
import dev.lightbulb.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous batching over one model: callers {@link #submit} requests from any thread; one loop thread runs the
 * model, each step feeding decode tokens of running sequences and prefill chunks of new ones together
 * ({@link Scheduler}), through a paged KV cache whose full blocks are shared between sequences with the same
 * token prefix ({@link BlockPool}). Each row is sampled with its own parameters by the backend's sampler.
 *
 * <p>Because the backend keeps one reduction order per row whatever the batch, and sampling randomness is keyed by
 * (seed, position), a request's tokens do not depend on what else runs, in what order, or whether its prefix was
 * shared or recomputed after a preemption.
 *
 * <p>The engine drives its model alone: while it is open nothing else may run the model's forward pass (the model's
 * step buffers are not shared between threads).
 *
 * <p>Context rule (clembench's): a request whose prompt plus max tokens exceeds the model's context finishes at once
 * with reason {@code context} and a message; it never enters the batch.
 */
public final class Engine implements AutoCloseable {
    private final CausalLm model;
    private final Tokenizer tokenizer;
    private final ChatFormat chatFormat;
    private final EngineOptions options;
    private final PagedKvCache cache;
    private final Scheduler scheduler;
    /** Put in the inbox by {@link #close} to stop the loop. */
    private static final Object SHUTDOWN_TOKEN = new Object();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ExecutorService completer = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Map.Entry<CompletableFuture<GenerationResult>, GenerationResult>> finishedThisStep = new ArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Thread loop;
    private final long chainRoot;
    private volatile boolean closed;
    private volatile EngineStats stats = new EngineStats(0, 0, 0, 0, 0, 0);
    private long steps, generatedTokens, finished;

    /** {@code tokenizer} may be null for an engine fed token ids only (results then carry no text). */
    public Engine(CausalLm model, Tokenizer tokenizer, ChatFormat chatFormat, EngineOptions options) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.chatFormat = chatFormat;
        this.options = options;
        cache = model.newKvCache(options.blockSize(), options.kvBlocks());
        chainRoot = BlockPool.root(model.adapter() == null ? null : "lora:" + model.adapter().sha256());
        scheduler = new Scheduler(new BlockPool(cache.takeFreeBlocks(), options.blockSize(), options.prefixSharing()), cache, options);
        loop = Thread.ofPlatform().name("lightbulb-engine").daemon().start(this::run);
    }

    /**
     * Room for {@code maxRunning} sequences of the model's full context, but at most a quarter of the heap or 1 GiB
     * of keys and values (never less than one full-context sequence): sequences rarely fill their context, and when
     * the pool does run out the youngest is preempted, not failed.
     */
    public static EngineOptions defaultOptions(CausalLm model, int maxRunning) {
        int blockSize = 16;
        long perSequence = (model.config().contextLength() + blockSize - 1) / blockSize;
        long bytesPerBlock = 2L * Float.BYTES * blockSize * model.config().kvDim() * model.config().layers();
        requireOneSequenceFits(model, perSequence, bytesPerBlock);
        long budget = model.backend().kvCacheBudgetBytes() / bytesPerBlock;
        long blocks = Math.max(perSequence, Math.min(perSequence * maxRunning, budget));
        return new EngineOptions(blockSize, Math.toIntExact(blocks), Math.max(512, maxRunning), maxRunning, true);
    }

    /** The pool holds at least one full-context sequence: say so before allocating when the backend cannot hold it. */
    private static void requireOneSequenceFits(CausalLm model, long blocks, long bytesPerBlock) {
        long needed = blocks > Long.MAX_VALUE / bytesPerBlock ? Long.MAX_VALUE : blocks * bytesPerBlock;
        long available = model.backend().availableMemory();
        if (needed > available) {
            throw new LightbulbException(String.format("a context of %d positions needs %.2f GiB of KV cache for one sequence"
                            + " (%d layers x %d key/value elements x 2 x 4 bytes a position), more than the %.2f GiB"
                            + " the %s backend has free; use a smaller --context",
                    model.config().contextLength(), needed / GIB, model.config().layers(), model.config().kvDim(),
                    available / GIB, model.backend().name()));
        }
    }

    private static final double GIB = 1L << 30;

    public ChatFormat chatFormat() { return chatFormat; }

    public Tokenizer tokenizer() { return tokenizer; }

    public EngineOptions options() { return options; }

    public CausalLm model() { return model; }

    public EngineStats stats() { return stats; }

    /** Queues a request; the future completes when it finishes. Safe from any number of threads. */
    public CompletableFuture<GenerationResult> submit(GenerationRequest request) {
        CompletableFuture<GenerationResult> future = new CompletableFuture<>();
        long now = System.nanoTime();
        try {
            if (closed) throw new IllegalStateException("the engine is closed");
            String promptText = null;
            int[] ids = request.promptIds();
            if (request.messages() != null) {
                if (tokenizer == null) throw new LightbulbException("request " + request.id() + ": chat messages need a tokenizer, and this engine has none");
                promptText = chatFormat.render(request.messages());
                // a template that writes BOS itself (llama-2's "<s>") must not get a second one
                boolean bosInText = tokenizer.bos() >= 0 && promptText.startsWith(tokenizer.piece(tokenizer.bos()));
                ids = tokenizer.encode(promptText, tokenizer.addBos() && !bosInText, true);
            }
            checkPrompt(request.id(), ids);
            int context = model.config().contextLength();
            if ((long) ids.length + request.maxTokens() > context) {
                future.complete(new GenerationResult(request.id(), promptText, "", new int[0], new float[0], FinishReason.CONTEXT,
                        "request " + request.id() + ": the prompt has " + ids.length + " tokens; with max_tokens " + request.maxTokens()
                                + " that exceeds the model's context length of " + context,
                        ids.length, 0, 0, 0, (System.nanoTime() - now) / 1e6));
                return future;
            }
            long blocksNeeded = ((long) ids.length + request.maxTokens() + options.blockSize() - 1) / options.blockSize();
            if (blocksNeeded > options.kvBlocks()) {
                throw new LightbulbException("request " + request.id() + ": needs " + blocksNeeded + " KV blocks of " + options.blockSize()
                        + " positions but the pool has only " + options.kvBlocks() + " (give the engine more KV blocks)");
            }
            if (request.maxTokens() == 0) {
                future.complete(new GenerationResult(request.id(), promptText, "", new int[0], new float[0], FinishReason.LENGTH, null,
                        ids.length, 0, 0, 0, (System.nanoTime() - now) / 1e6));
                return future;
            }
            Sequence s = new Sequence(nextId.getAndIncrement(), request, future, promptText, ids, tokenizer, now, chainRoot);
            inbox.add(s);
            if (closed && inbox.remove(s)) throw new IllegalStateException("the engine is closed");   // lost a race with close()
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Submits all requests and waits for all of them; results in request order. */
    public List<GenerationResult> generateAll(List<GenerationRequest> requests) {
        List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
        for (GenerationRequest r : requests) futures.add(submit(r));
        List<GenerationResult> out = new ArrayList<>();
        for (CompletableFuture<GenerationResult> f : futures) out.add(f.join());
        return out;
    }

    private void checkPrompt(String id, int[] ids) {
        if (ids.length == 0) throw new LightbulbException("request " + id + ": the prompt is empty (no tokens to start from)");
        int vocab = model.config().vocabSize();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new LightbulbException("request " + id + ": prompt token " + i + " is " + ids[i] + ", outside the vocabulary [0, " + vocab + ")");
            }
        }
    }

    private void run() {
        while (true) {
            try {
                if (!takeArrivals()) break;
                step();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                failAll(e);
            }
            publishStats();
            completeFinished();
        }
        failAll(new IllegalStateException("the engine was closed"));
    }

    /** Moves submitted requests into the queue; blocks while there is nothing to do. False on shutdown. */
    private boolean takeArrivals() throws InterruptedException {
        if (scheduler.idle()) {
            Object first = inbox.take();
            if (first == SHUTDOWN_TOKEN) return false;
            scheduler.waiting.addLast((Sequence) first);
        }
        for (Object o; (o = inbox.poll()) != null; ) {
            if (o == SHUTDOWN_TOKEN) return false;
            scheduler.waiting.addLast((Sequence) o);
        }
        return true;
    }

    private void step() {
        List<Scheduler.Slice> plan = scheduler.plan();
        if (plan.isEmpty()) return;
        long now = System.nanoTime();
        ForwardBatch batch = new ForwardBatch();
        List<Sequence> sampled = new ArrayList<>();
        for (Scheduler.Slice slice : plan) {
            Sequence s = slice.sequence();
            if (s.firstFedNanos == 0) s.firstFedNanos = now;
            cache.assign(s.id, s.blockTable(), s.computed);
            for (int p = slice.from(); p < slice.from() + slice.count(); p++) {
                batch.add(s.id, p, s.tokens[p], p == s.length - 1);
            }
            if (slice.wantsLogits()) sampled.add(s);
        }
        BackendBuffer logits = model.forward(batch, cache);
        steps++;
        SampledToken[] chosen = new SampledToken[0];
        if (!sampled.isEmpty()) {
            SampleRow[] rows = new SampleRow[sampled.size()];
            for (int i = 0; i < rows.length; i++) {
                Sequence s = sampled.get(i);
                rows[i] = new SampleRow(s.request.sampling(), s.length, Arrays.copyOf(s.tokens, s.length));
            }
            chosen = model.backend().sample(logits, model.config().vocabSize(), rows);
        }
        for (Scheduler.Slice slice : plan) {
            slice.sequence().computed += slice.count();
            scheduler.registerFullBlocks(slice.sequence());
        }
        long done = System.nanoTime();
        for (int i = 0; i < chosen.length; i++) {
            Sequence s = sampled.get(i);
            int token = chosen[i].token();
            if (s.firstTokenNanos == 0) s.firstTokenNanos = done;
            s.accept(token, chosen[i].logProb(), tokenizer != null && tokenizer.isEndOfGeneration(token));
            generatedTokens++;
            if (s.finish != null) finish(s, done);
        }
    }

    private void finish(Sequence s, long now) {
        scheduler.running.remove(s);
        scheduler.releaseBlocks(s);
        finished++;
        finishedThisStep.add(Map.entry(s.future, s.result(now)));
    }

    /**
     * Completes the futures of the requests that finished in this step, after the step's stats are published, so a
     * caller who has its result also sees it counted. Callbacks never run on the engine loop.
     */
    private void completeFinished() {
        for (var done : finishedThisStep) completer.execute(() -> done.getKey().complete(done.getValue()));
        finishedThisStep.clear();
    }

    /** A failed step fails every request in flight (their futures carry the cause) and the engine carries on. */
    private void failAll(Throwable cause) {
        List<Sequence> all = new ArrayList<>(scheduler.running);
        all.addAll(scheduler.waiting);
        for (Object o; (o = inbox.poll()) != null; ) if (o instanceof Sequence s) all.add(s);
        scheduler.running.clear();
        scheduler.waiting.clear();
        for (Sequence s : all) {
            if (s.blockCount > 0) scheduler.releaseBlocks(s);
            completer.execute(() -> s.future.completeExceptionally(cause));
        }
    }

    private void publishStats() {
        stats = new EngineStats(steps, scheduler.promptTokens, scheduler.cachedPromptTokens, generatedTokens, scheduler.preemptions, finished);
    }

    /** Stops the loop; requests still in flight fail. Does not close the model. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        inbox.add(SHUTDOWN_TOKEN);
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completer.close();
        cache.close();
    }
}
