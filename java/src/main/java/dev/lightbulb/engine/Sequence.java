package dev.lightbulb.engine;

import dev.lightbulb.model.FinishReason;
import dev.lightbulb.text.TokenDecoder;
import dev.lightbulb.text.Tokenizer;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A request in the engine: its tokens so far (prompt, then generated), how many of them have KV in the cache, its
 * block table, and the text made so far. Touched only by the engine loop thread.
 */
final class Sequence {
    /** The sequence's number in the KV cache. */
    final int id;
    final GenerationRequest request;
    final CompletableFuture<GenerationResult> future;
    final String promptText;
    final int promptLength;
    final long submittedNanos;
    long firstFedNanos, firstTokenNanos;

    int[] tokens;
    int length;
    /** Positions whose keys and values are in the cache. */
    int computed;
    int[] blocks = new int[4];
    int blockCount;
    /** Leading blocks registered (or found) under their chain hash; {@code chainTail} is the last one's hash. */
    int hashedBlocks;
    long chainTail;
    /** The hash before the first block: the model's identity (its adapter), so another model's KV is never found. */
    private final long chainRoot;
    int cachedPromptTokens = -1;

    float[] logProbs;
    int generated;
    private final TokenDecoder decoder;
    private final StringBuilder text = new StringBuilder();
    private final int longestStop;
    private boolean cutAtStopString;
    FinishReason finish;

    Sequence(int id, GenerationRequest request, CompletableFuture<GenerationResult> future, String promptText, int[] promptIds,
             Tokenizer tokenizer, long submittedNanos, long chainRoot) {
        this.id = id;
        this.chainRoot = chainRoot;
        this.chainTail = chainRoot;
        this.request = request;
        this.future = future;
        this.promptText = promptText;
        this.promptLength = promptIds.length;
        this.submittedNanos = submittedNanos;
        tokens = Arrays.copyOf(promptIds, promptIds.length + request.maxTokens());
        length = promptIds.length;
        logProbs = new float[request.maxTokens()];
        decoder = tokenizer == null ? null : tokenizer.newDecoder();
        longestStop = request.stop().stream().mapToInt(String::length).max().orElse(0);
    }

    /** Tokens still to feed through the model before the next token can be sampled. */
    int pending() { return length - computed; }

    void addBlock(int block) {
        if (blockCount == blocks.length) blocks = Arrays.copyOf(blocks, 2 * blockCount);
        blocks[blockCount++] = block;
    }

    int[] blockTable() { return Arrays.copyOf(blocks, blockCount); }

    /** Appends a sampled token; sets {@link #finish} if it ends the sequence. */
    void accept(int token, float logProb, boolean endOfGeneration) {
        tokens[length++] = token;
        logProbs[generated++] = logProb;
        int searchFrom = Math.max(0, text.length() - longestStop + 1);
        if (decoder != null) text.append(decoder.push(token));
        int cut = -1;
        for (String s : request.stop()) {
            int at = text.indexOf(s, searchFrom);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        if (cut >= 0) {
            text.setLength(cut);
            cutAtStopString = true;
            finish = FinishReason.STOP;
        } else if (endOfGeneration || contains(request.stopTokenIds(), token)) {
            finish = FinishReason.STOP;
        } else if (generated == request.maxTokens()) {
            finish = FinishReason.LENGTH;
        }
    }

    /** Forgets all cached state (after preemption): everything known becomes prompt to recompute. */
    void resetCache() {
        computed = 0;
        blockCount = 0;
        hashedBlocks = 0;
        chainTail = chainRoot;
    }

    GenerationResult result(long nowNanos) {
        if (!cutAtStopString && decoder != null) text.append(decoder.flush());
        return new GenerationResult(request.id(), promptText, text.toString(), Arrays.copyOfRange(tokens, promptLength, length),
                Arrays.copyOf(logProbs, generated), finish, null, promptLength, Math.max(0, cachedPromptTokens),
                millis(firstFedNanos), millis(firstTokenNanos), (nowNanos - submittedNanos) / 1e6);
    }

    private double millis(long at) { return at == 0 ? 0 : (at - submittedNanos) / 1e6; }

    private static boolean contains(int[] ids, int id) {
        for (int i : ids) if (i == id) return true;
        return false;
    }
}
