package dev.lightbulb.backend.sampling;

import java.util.Arrays;

/**
 * Picks a token from one row of logits (host code, shared by backends that download logits).
 *
 * <p>Steps: penalties over the distinct previous tokens; greedy rows take the argmax (lowest index on ties);
 * otherwise divide by the temperature, sort by logit (descending, lower index first on ties), keep the top k,
 * softmax in double, keep the shortest prefix whose probability reaches top-p, drop tokens below min-p times the
 * best probability, renormalise, and walk the cumulative sum to the uniform draw of Philox(seed, position).
 */
public final class Sampler {
    private Sampler() {}

    public static SampledToken sample(float[] logits, int offset, int vocab, SampleRow row) {
        return sample(logits, offset, vocab, row, ParallelFor.SERIAL);
    }

    /** As above; a greedy row's log-probability takes its exponentials on {@code parallel} (same bits). */
    public static SampledToken sample(float[] logits, int offset, int vocab, SampleRow row, ParallelFor parallel) {
        float[] l = Arrays.copyOfRange(logits, offset, offset + vocab);
        SamplingParams p = row.params();
        applyPenalties(l, row.previousTokens(), p);
        if (p.isGreedy()) {
            int best = argmax(l);
            return new SampledToken(best, (float) (l[best] - logSumExp(l, parallel)));
        }
        Candidates c = candidates(l, p);
        double target = Philox4x32.uniform(p.seed(), row.position());
        double cum = 0;
        int chosen = c.tokens().length - 1;
        for (int i = 0; i < c.tokens().length; i++) {
            cum += c.probabilities()[i];
            if (target < cum) { chosen = i; break; }
        }
        return new SampledToken(c.tokens()[chosen], (float) Math.log(c.probabilities()[chosen]));
    }

    /** The tokens a non-greedy draw may pick, most likely first, with renormalised probabilities. */
    public record Candidates(int[] tokens, double[] probabilities) {}

    /** Temperature, top-k, top-p and min-p applied to already penalised logits (consumed). */
    static Candidates candidates(float[] l, SamplingParams p) {
        int vocab = l.length;
        for (int i = 0; i < vocab; i++) l[i] /= p.temperature();
        int kept = p.topK() > 0 ? Math.min(p.topK(), vocab) : vocab;
        int[] order = sortedDescending(l, kept);
        double[] prob = new double[kept];
        double max = l[order[0]], sum = 0;
        for (int i = 0; i < kept; i++) sum += prob[i] = Math.exp(l[order[i]] - max);
        for (int i = 0; i < kept; i++) prob[i] /= sum;
        if (p.topP() < 1f) {
            double cum = 0;
            int n = 0;
            while (n < kept) {
                cum += prob[n++];
                if (cum >= p.topP()) break;
            }
            kept = n;
        }
        if (p.minP() > 0f) {
            double floor = p.minP() * prob[0];
            int n = 1;
            while (n < kept && prob[n] >= floor) n++;
            kept = n;
        }
        double total = 0;
        for (int i = 0; i < kept; i++) total += prob[i];
        double[] renormalised = new double[kept];
        for (int i = 0; i < kept; i++) renormalised[i] = prob[i] / total;
        return new Candidates(java.util.Arrays.copyOf(order, kept), renormalised);
    }

    /** CTRL repetition penalty and presence penalty, once per distinct previous token. */
    static void applyPenalties(float[] l, int[] previous, SamplingParams p) {
        if (previous == null || previous.length == 0 || (p.repetitionPenalty() == 1f && p.presencePenalty() == 0f)) return;
        int[] distinct = Arrays.stream(previous).filter(t -> t >= 0 && t < l.length).distinct().toArray();
        for (int t : distinct) {
            float v = l[t];
            v = v > 0 ? v / p.repetitionPenalty() : v * p.repetitionPenalty();
            l[t] = v - p.presencePenalty();
        }
    }

    /** Index of the largest value; the lowest index among equal maxima. NaN never wins. */
    public static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best] || Float.isNaN(l[best])) best = i;
        return best;
    }

    static double logSumExp(float[] l) {
        return logSumExp(l, ParallelFor.SERIAL);
    }

    /** Elements per task of the parallel exponentials: enough work to be worth a hand-off. */
    private static final int EXP_SLICE = 4096;

    /**
     * log(sum exp(l)), with the largest value taken out first. The exponentials (most of the time on a 32k
     * vocabulary) may run on several threads; the sum is always taken in index order, so the bits never change.
     */
    static double logSumExp(float[] l, ParallelFor parallel) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : l) max = Math.max(max, v);
        double[] e = new double[l.length];
        double m = max;
        parallel.run((l.length + EXP_SLICE - 1) / EXP_SLICE, slice -> {
            for (int i = slice * EXP_SLICE, end = Math.min(l.length, i + EXP_SLICE); i < end; i++) e[i] = Math.exp(l[i] - m);
        });
        double s = 0;
        for (double v : e) s += v;
        return max + Math.log(s);
    }

    /**
     * The {@code count} best token ids by logit, largest first; equal logits keep ascending ids; NaN sorts last.
     * For a small count the best keys are picked with a bounded heap (O(V log count)) instead of a full sort;
     * the ids and their order are the same either way.
     */
    static int[] sortedDescending(float[] l, int count) {
        long[] keys = new long[l.length];
        for (int i = 0; i < l.length; i++) {
            float v = Float.isNaN(l[i]) ? Float.NEGATIVE_INFINITY : l[i];
            int bits = Float.floatToIntBits(v + 0f);           // +0f folds -0 into +0
            int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);  // signed-int order equals float order
            keys[i] = ((long) ~ordered << 32) | i;             // ~ reverses the order: ascending key = descending logit
        }
        long[] best = count * 8L < l.length ? smallest(keys, count) : keys;
        if (best == keys) Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = (int) best[i];
        return order;
    }

    /** The {@code k} smallest keys in ascending order, through a max-heap of size k. Keys are distinct. */
    private static long[] smallest(long[] keys, int k) {
        long[] heap = new long[k];
        int size = 0;
        for (long key : keys) {
            if (size < k) {
                int i = size++;
                heap[i] = key;
                while (i > 0 && heap[(i - 1) / 2] < heap[i]) { swap(heap, i, (i - 1) / 2); i = (i - 1) / 2; }
            } else if (key < heap[0]) {
                heap[0] = key;
                for (int i = 0; ; ) {
                    int c = 2 * i + 1;
                    if (c >= k) break;
                    if (c + 1 < k && heap[c + 1] > heap[c]) c++;
                    if (heap[i] >= heap[c]) break;
                    swap(heap, i, c);
                    i = c;
                }
            }
        }
        Arrays.sort(heap);
        return heap;
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
