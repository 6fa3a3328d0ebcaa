package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AttentionLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Attention of one query row and head over its sequence's paged KV cache, with the arithmetic of the plain
 * per-key loop (score = {@link VectorDot#dot} × scale; float softmax with {@code Math.exp}; output accumulated key
 * by key as {@code out += weight · v}) but without its overheads:
 * <ul>
 * <li>scores are computed {@code LANES} keys at a time, each vector lane holding one key (gathered from the cache),
 *     replaying exactly the accumulators and summation order {@link VectorDot#dot} uses along the head dimension —
 *     so every score has the same bits as a per-key {@code VectorDot.dot} call (tested), without the per-call
 *     lane extraction that dominated at small head sizes;</li>
 * <li>the weighted sum of values runs along the head dimension in vector registers, key by key in order, so each
 *     output element sees the same sequence of roundings as the scalar loop;</li>
 * <li>the score and key-offset arrays are per-thread scratch, reused across calls.</li>
 * </ul>
 * Nothing depends on other rows or on the thread count: one fixed order per (row, head).
 */
final class PagedAttention {
    private PagedAttention() {}

    private static final VectorSpecies<Float> SPECIES = VectorDot.SPECIES;
    private static final int LANES = SPECIES.length();

    /** Per-thread scratch: cache offsets of the visible keys and their scores, padded to a multiple of LANES. */
    private static final class Scratch {
        int[] keyOffsets = new int[0];
        float[] scores = new float[0];

        void ensure(int keys) {
            int padded = (keys + LANES - 1) / LANES * LANES;
            if (keyOffsets.length < padded) {
                keyOffsets = new int[padded];
                scores = new float[padded];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Writes {@code out[qOff .. qOff + headDim)}: head {@code h}'s attention for a query at position {@code p}
     * whose block table starts at {@code tables[tableOffset]}; with {@code nativeLoops} the score and value loops
     * run in {@link NativeAttention} (the same bits).
     */
    static void rowHead(float[] q, float[] keyCache, float[] valueCache, int[] tables, int tableOffset, int p,
                        int h, AttentionLayout layout, float[] out, int qOff, boolean nativeLoops) {
        int hd = layout.headDim(), kvDim = layout.kvDim(), bs = layout.blockSize();
        int kvOff = (h / (layout.heads() / layout.kvHeads())) * hd;
        int first = layout.slidingWindow() > 0 ? Math.max(0, p - layout.slidingWindow() + 1) : 0;
        int keys = p - first + 1;
        Scratch scratch = SCRATCH.get();
        scratch.ensure(keys);
        int[] keyOffsets = scratch.keyOffsets;
        float[] scores = scratch.scores;

        // the cache offset of each visible key, walking the block table block by block (no division per key)
        int n = 0;
        for (int t = first; t <= p; ) {
            int block = t / bs, slotShift = tables[tableOffset + block] * bs - block * bs, end = Math.min(p, block * bs + bs - 1);
            for (; t <= end; t++) keyOffsets[n++] = (t + slotShift) * kvDim + kvOff;
        }
        // pad to whole vectors with a valid offset; the padded lanes' scores are computed and ignored
        for (int j = n; j < keyOffsets.length && j % LANES != 0; j++) keyOffsets[j] = keyOffsets[n - 1];

        if (nativeLoops) NativeAttention.scores(q, qOff, keyCache, keyOffsets, keys, hd, layout.scale(), scores);
        else scores(q, qOff, keyCache, keyOffsets, keys, hd, layout.scale(), scores);

        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < keys; j++) max = Math.max(max, scores[j]);
        float sum = 0f;
        for (int j = 0; j < keys; j++) sum += scores[j] = (float) Math.exp(scores[j] - max);
        float inv = 1f / sum;
        for (int j = 0; j < keys; j++) scores[j] *= inv;

        if (nativeLoops) NativeAttention.values(valueCache, keyOffsets, scores, keys, hd, out, qOff);
        else weightedValues(valueCache, keyOffsets, scores, keys, hd, out, qOff);
    }

    /**
     * {@code scores[j] = VectorDot.dot(q, qOff, keyCache, keyOffsets[j], hd) * scale} for {@code j < keys}, bit for
     * bit, LANES keys per step. Replays {@code VectorDot.dot}: lane {@code l} of its accumulator {@code a} (a = 0..3)
     * sums, by FMA, elements {@code c·4L + a·L + l} of the four-vector loop and (accumulator 0 only) elements of the
     * one-vector loop; the accumulators are added ((0 + 1) + (2 + 3)), lanes summed left to right from 0f, then the
     * tail elements FMA'd in order. Untouched accumulators are zero and are not added (adding +0 changes at most the
     * sign of a zero term, which cannot change the running sum that starts at +0).
     */
    static void scores(float[] q, int qOff, float[] keyCache, int[] keyOffsets, int keys, int hd, float scale, float[] scores) {
        int fourVectorSteps = hd / (4 * LANES);
        int oneVectorStart = fourVectorSteps * 4 * LANES;
        int oneVectorSteps = (hd - oneVectorStart) / LANES;
        int tailStart = oneVectorStart + oneVectorSteps * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int j = 0; j < keys; j += LANES) {
            FloatVector sum = zero;
            if (tailStart > 0) {
                for (int l = 0; l < LANES; l++) {
                    FloatVector acc0 = zero;
                    for (int c = 0; c < fourVectorSteps; c++) acc0 = fma(q, qOff, keyCache, keyOffsets, j, c * 4 * LANES + l, acc0);
                    for (int c = 0; c < oneVectorSteps; c++) acc0 = fma(q, qOff, keyCache, keyOffsets, j, oneVectorStart + c * LANES + l, acc0);
                    if (fourVectorSteps > 0) {
                        FloatVector acc1 = zero, acc2 = zero, acc3 = zero;
                        for (int c = 0; c < fourVectorSteps; c++) {
                            int e = c * 4 * LANES + l;
                            acc1 = fma(q, qOff, keyCache, keyOffsets, j, e + LANES, acc1);
                            acc2 = fma(q, qOff, keyCache, keyOffsets, j, e + 2 * LANES, acc2);
                            acc3 = fma(q, qOff, keyCache, keyOffsets, j, e + 3 * LANES, acc3);
                        }
                        acc0 = acc0.add(acc1).add(acc2.add(acc3));
                    }
                    sum = sum.add(acc0);
                }
            }
            for (int e = tailStart; e < hd; e++) sum = fma(q, qOff, keyCache, keyOffsets, j, e, sum);
            sum.mul(scale).intoArray(scores, j);
        }
    }

    /** {@code q[e] · k[e] + acc} for the LANES keys {@code keyOffsets[j ..]}, element {@code e} of each. */
    private static FloatVector fma(float[] q, int qOff, float[] keyCache, int[] keyOffsets, int j, int e, FloatVector acc) {
        return FloatVector.fromArray(SPECIES, keyCache, e, keyOffsets, j).fma(FloatVector.broadcast(SPECIES, q[qOff + e]), acc);
    }

    /**
     * {@code out = Σ_j weights[j] · v_j}, keys in order, each element as {@code out += weight · v} from 0, LANES
     * elements of the head at a time; a last partial vector (a head dimension of 8 on 16 lanes) is masked.
     */
    private static void weightedValues(float[] valueCache, int[] keyOffsets, float[] weights, int keys, int hd, float[] out, int qOff) {
        for (int i = 0; i < hd; i += LANES) {
            FloatVector acc = FloatVector.zero(SPECIES);
            if (i + LANES <= hd) {
                for (int j = 0; j < keys; j++) acc = acc.add(FloatVector.fromArray(SPECIES, valueCache, keyOffsets[j] + i).mul(weights[j]));
                acc.intoArray(out, qOff + i);
            } else {
                VectorMask<Float> part = SPECIES.indexInRange(i, hd);
                for (int j = 0; j < keys; j++) acc = acc.add(FloatVector.fromArray(SPECIES, valueCache, keyOffsets[j] + i, part).mul(weights[j]));
                acc.intoArray(out, qOff + i, part);
            }
        }
    }
}
