package dev.lightbulb.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The KV blocks of one cache, reference-counted so full blocks can be shared between sequences.
 *
 * <p>A full block is known by the hash of (its parent's hash, its tokens): two sequences whose first n blocks hold
 * identical tokens reach the same hash chain, so the second one reuses the first one's blocks instead of computing
 * them. On a hash hit the parent hash and tokens are compared too, so a hash collision can never hand out wrong KV.
 * A block whose count drops to zero stays findable until it is needed for something else; those blocks are evicted
 * least recently released first, after the never-registered free blocks.
 */
final class BlockPool {
    private final int blockSize;
    private final boolean sharing;
    private final int[] refCount;
    private final long[] blockHash, parentHash;
    private final int[][] blockTokens;           // non-null while the block is registered under its hash
    private final ArrayDeque<Integer> empty = new ArrayDeque<>();
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>();   // free but findable, oldest first
    private final Map<Long, Integer> byHash = new HashMap<>();

    BlockPool(int[] blocks, int blockSize, boolean sharing) {
        this.blockSize = blockSize;
        this.sharing = sharing;
        int max = Arrays.stream(blocks).max().orElse(-1) + 1;
        refCount = new int[max];
        blockHash = new long[max];
        parentHash = new long[max];
        blockTokens = new int[max][];
        for (int b : blocks) empty.add(b);
    }

    int blockSize() { return blockSize; }

    /** Whether full blocks are shared at all ({@link #lookup} always misses when not). */
    boolean sharing() { return sharing; }

    /** Blocks that {@link #allocate} can still hand out (free ones plus evictable cached ones). */
    int available() { return empty.size() + evictable.size(); }

    int capacity() { return refCount.length; }

    /** A private block with count 1, or -1 when every block is in use. Prefers never-registered blocks. */
    int allocate() {
        Integer b = empty.poll();
        if (b == null) {
            Iterator<Integer> it = evictable.iterator();
            if (!it.hasNext()) return -1;
            b = it.next();
            it.remove();
            unregister(b);
        }
        refCount[b] = 1;
        return b;
    }

    /** Drops one reference; at zero a registered block stays findable (most recently used), others become free. */
    void release(int block) {
        if (refCount[block] <= 0) throw new IllegalStateException("block " + block + " released more often than taken");
        if (--refCount[block] > 0) return;
        if (blockTokens[block] != null) evictable.add(block);
        else empty.add(block);
    }

    /**
     * The registered block holding {@code tokens[from, from + blockSize)} after the chain ending in {@code parent}
     * ({@code hash} is their {@link #chainHash}), with one more reference taken; -1 on a miss (or with sharing off).
     */
    int lookup(long hash, long parent, int[] tokens, int from) {
        if (!sharing) return -1;
        Integer b = byHash.get(hash);
        if (b == null || parentHash[b] != parent || !Arrays.equals(blockTokens[b], 0, blockSize, tokens, from, from + blockSize)) return -1;
        if (refCount[b]++ == 0) evictable.remove(b);
        return b;
    }

    /** Makes a just-filled private block findable by its hash; a no-op if another block already holds that hash. */
    void register(int block, long h, long parent, int[] tokens, int from) {
        if (!sharing || blockTokens[block] != null) return;
        if (byHash.putIfAbsent(h, block) != null) return;
        blockHash[block] = h;
        parentHash[block] = parent;
        blockTokens[block] = Arrays.copyOfRange(tokens, from, from + blockSize);
    }

    private void unregister(int block) {
        if (blockTokens[block] == null) return;
        byHash.remove(blockHash[block], block);
        blockTokens[block] = null;
    }

    /** Hash of the first block's parent for a model without an adapter. */
    static final long ROOT = 0x9E3779B97F4A7C15L;

    /**
     * Hash of the first block's parent for a model whose KV depends on {@code identity} beyond its base weights (a
     * LoRA adapter's sha256; null: none): the same tokens then hash differently under another adapter, so a cached
     * prefix of the base model is never served to the adapted one.
     */
    static long root(String identity) {
        if (identity == null) return ROOT;
        long h = mix(ROOT ^ identity.length());
        for (int i = 0; i < identity.length(); i++) h = mix(h ^ identity.charAt(i));
        return h;
    }

    /** 64-bit chain hash of (parent, tokens[from, from + length)) with the SplitMix64 finaliser per token. */
    static long chainHash(long parent, int[] tokens, int from, int length) {
        long h = mix(parent ^ length);
        for (int i = from; i < from + length; i++) h = mix(h ^ (tokens[i] & 0xFFFFFFFFL));
        return h;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
