package dev.lightbulb.backend.sampling;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    private final Random random = new Random(7);

    private static SamplingParams params(float t, int k, float p, float minP) {
        return new SamplingParams(t, k, p, minP, 1f, 0f, 42L);
    }

    @Test
    void greedyTakesTheLowestIndexAmongTiedMaxima() {
        float[] l = {1f, 3f, -2f, 3f, 3f};
        SampledToken t = Sampler.sample(l, 0, l.length, new SampleRow(SamplingParams.GREEDY, 0, new int[0]));
        assertEquals(1, t.token());
        double lse = Math.log(Math.exp(1) + 3 * Math.exp(3) + Math.exp(-2));
        assertEquals(3 - lse, t.logProb(), 1e-6);
    }

    @Test
    void greedyReadsOnlyItsOwnRowOfABatch() {
        float[] l = {9f, 0f, 0f, 0f, 5f, 0f};
        assertEquals(1, Sampler.sample(l, 3, 3, new SampleRow(SamplingParams.GREEDY, 0, new int[0])).token());
    }

    /** Reference masks from their definitions, one token at a time (rank = how many tokens come before it). */
    private static double[] referenceDistribution(float[] logits, SamplingParams p) {
        int v = logits.length;
        float[] s = new float[v];
        for (int i = 0; i < v; i++) s[i] = logits[i] / p.temperature();
        int[] rank = new int[v];
        for (int t = 0; t < v; t++)
            for (int u = 0; u < v; u++) if (s[u] > s[t] || (s[u] == s[t] && u < t)) rank[t]++;
        boolean[] keep = new boolean[v];
        double max = Double.NEGATIVE_INFINITY;
        for (float x : s) max = Math.max(max, x);
        double z = 0;
        for (int t = 0; t < v; t++) {
            keep[t] = p.topK() == 0 || rank[t] < p.topK();
            if (keep[t]) z += Math.exp(s[t] - max);
        }
        double[] prob = new double[v];
        for (int t = 0; t < v; t++) prob[t] = keep[t] ? Math.exp(s[t] - max) / z : 0;
        boolean[] keepP = keep.clone();
        for (int t = 0; t < v; t++) {
            if (!keep[t]) continue;
            double ahead = 0;
            for (int r = 0; r < rank[t]; r++) for (int u = 0; u < v; u++) if (rank[u] == r && keep[u]) ahead += prob[u];
            keepP[t] = ahead < p.topP() || p.topP() >= 1f;
        }
        double best = Arrays.stream(prob).max().orElseThrow();
        double total = 0;
        for (int t = 0; t < v; t++) {
            keepP[t] &= p.minP() == 0f || prob[t] >= p.minP() * best;
            if (keepP[t]) total += prob[t];
        }
        double[] out = new double[v];
        for (int t = 0; t < v; t++) out[t] = keepP[t] ? prob[t] / total : 0;
        return out;
    }

    @Test
    void topKTopPAndMinPMatchTheScalarReference() {
        for (int trial = 0; trial < 300; trial++) {
            int v = 1 + random.nextInt(40);
            float[] l = new float[v];
            for (int i = 0; i < v; i++) l[i] = (float) Math.round(random.nextGaussian() * 8) / 4f;  // rounding makes ties
            SamplingParams p = params(0.3f + random.nextFloat() * 1.5f, random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(v + 2),
                    random.nextInt(3) == 0 ? 1f : 0.05f + random.nextFloat() * 0.95f,
                    random.nextInt(3) == 0 ? 0f : random.nextFloat() * 0.5f);
            double[] expected = referenceDistribution(l, p);
            Sampler.Candidates c = Sampler.candidates(l.clone(), p);
            double[] got = new double[v];
            for (int i = 0; i < c.tokens().length; i++) got[c.tokens()[i]] = c.probabilities()[i];
            for (int t = 0; t < v; t++) assertEquals(expected[t], got[t], 1e-9, "trial " + trial + " token " + t + " " + p);
        }
    }

    /** Top-k over a large vocabulary (bounded-heap selection) gives the same candidates as a full sort would. */
    @Test
    void topKOfALargeVocabularyMatchesTheFullOrder() {
        int v = 50000;
        float[] l = new float[v];
        for (int i = 0; i < v; i++) l[i] = (float) Math.round(random.nextGaussian() * 40) / 8f;   // many ties
        for (int k : new int[] {1, 5, 40, 1000}) {
            int[] full = Sampler.sortedDescending(l, v);
            int[] picked = Sampler.sortedDescending(l, k);
            assertArrayEquals(Arrays.copyOf(full, k), picked, "k=" + k);
        }
        SamplingParams p = params(0.8f, 40, 0.9f, 0.05f);
        double[] expected = referenceDistributionFast(l, p);
        Sampler.Candidates c = Sampler.candidates(l.clone(), p);
        for (int i = 0; i < c.tokens().length; i++) assertEquals(expected[c.tokens()[i]], c.probabilities()[i], 1e-9);
    }

    /** {@link #referenceDistribution} is O(V^2); for a large vocabulary the top-k rows are found by sorting. */
    private static double[] referenceDistributionFast(float[] l, SamplingParams p) {
        Integer[] ids = new Integer[l.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        float[] s = new float[l.length];
        for (int i = 0; i < l.length; i++) s[i] = l[i] / p.temperature();
        Arrays.sort(ids, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
        float[] top = new float[p.topK()];
        for (int i = 0; i < top.length; i++) top[i] = l[ids[i]];
        double[] small = referenceDistribution(top, p);
        double[] out = new double[l.length];
        for (int i = 0; i < top.length; i++) out[ids[i]] = small[i];
        return out;
    }

    @Test
    void drawsFollowTheDistributionChiSquare() {
        float[] l = {2f, 1f, 0.5f, 0f, -1f, -3f};
        SamplingParams p = params(1f, 0, 1f, 0f);
        double[] prob = referenceDistribution(l, p);
        int n = 20000;
        int[] counts = new int[l.length];
        for (int pos = 0; pos < n; pos++) counts[Sampler.sample(l, 0, l.length, new SampleRow(p, pos, new int[0])).token()]++;
        double chi2 = 0;
        for (int t = 0; t < l.length; t++) chi2 += Math.pow(counts[t] - n * prob[t], 2) / (n * prob[t]);
        assertTrue(chi2 < 20.52, "chi-square " + chi2 + " over the 0.001 critical value for 5 degrees of freedom; counts " + Arrays.toString(counts));
    }

    @Test
    void logProbIsThatOfTheProcessedDistribution() {
        float[] l = {3f, 2.5f, 0f, -4f};
        SamplingParams p = params(0.7f, 3, 0.9f, 0f);
        double[] prob = referenceDistribution(l, p);
        for (int pos = 0; pos < 50; pos++) {
            SampledToken t = Sampler.sample(l, 0, 4, new SampleRow(p, pos, new int[0]));
            assertTrue(prob[t.token()] > 0, "drew a masked token");
            assertEquals(Math.log(prob[t.token()]), t.logProb(), 1e-6);
        }
    }

    @Test
    void penaltiesFollowTheirDefinitions() {
        float[] l = {2f, -2f, 1f, 0.5f};
        SamplingParams p = new SamplingParams(0f, 0, 1f, 0f, 2f, 0.25f, 0);
        float[] copy = l.clone();
        Sampler.applyPenalties(copy, new int[] {0, 1, 0, 1, 0}, p);
        assertArrayEquals(new float[] {2f / 2f - 0.25f, -2f * 2f - 0.25f, 1f, 0.5f}, copy, 0f);
        // token 0 loses the greedy race once it is penalised: 0.75 < 1
        assertEquals(2, Sampler.sample(l, 0, 4, new SampleRow(p, 9, new int[] {0})).token());
    }

    @Test
    void aRowsDrawDependsOnlyOnItsSeedPositionAndLogits() {
        CpuBackend cpu = new CpuBackend();
        int vocab = 30, rows = 5;
        float[] logits = new float[vocab * rows];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) random.nextGaussian();
        SampleRow[] batch = new SampleRow[rows];
        for (int r = 0; r < rows; r++) batch[r] = new SampleRow(params(1f, 0, 0.95f, 0f).withSeed(100 + r), 17 + r, new int[0]);
        BackendBuffer b = cpu.allocate(GgmlType.F32, vocab, rows);
        cpu.writeFloats(b, 0, logits, 0, logits.length);
        SampledToken[] together = cpu.sample(b, vocab, batch);
        for (int r = 0; r < rows; r++) {
            BackendBuffer one = cpu.allocate(GgmlType.F32, vocab);
            cpu.writeFloats(one, 0, logits, r * vocab, vocab);
            assertEquals(together[r], cpu.sample(one, vocab, new SampleRow[] {batch[r]})[0], "row " + r);
        }
    }

    /**
     * The exponentials of a greedy row's log-probability may run on any threads in any order; the sum keeps the
     * index order, so the bits equal the serial sum's (here: slices run last to first, on a second thread).
     */
    @Test
    void greedyLogProbHasTheSameBitsHoweverItsExponentialsRun() throws Exception {
        float[] l = new float[32000];
        for (int i = 0; i < l.length; i++) l[i] = (float) (4 * random.nextGaussian());
        double serial = 0, max = Double.NEGATIVE_INFINITY;
        for (float v : l) max = Math.max(max, v);
        for (float v : l) serial += Math.exp(v - max);
        serial = max + Math.log(serial);
        ParallelFor backwardsElsewhere = (count, task) -> {
            Thread t = new Thread(() -> { for (int i = count - 1; i >= 0; i--) task.accept(i); });
            t.start();
            try { t.join(); } catch (InterruptedException e) { throw new IllegalStateException(e); }
        };
        assertEquals(Double.doubleToRawLongBits(serial), Double.doubleToRawLongBits(Sampler.logSumExp(l, backwardsElsewhere)));
        SampleRow row = new SampleRow(SamplingParams.GREEDY, 0, new int[0]);
        assertEquals(Sampler.sample(l, 0, l.length, row), Sampler.sample(l, 0, l.length, row, backwardsElsewhere));
        CpuBackend cpu = new CpuBackend();
        BackendBuffer b = cpu.allocate(GgmlType.F32, l.length);
        cpu.writeFloats(b, 0, l, 0, l.length);
        assertEquals(Sampler.sample(l, 0, l.length, row), cpu.sample(b, l.length, new SampleRow[] {row})[0]);
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> params(-1f, 0, 1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> params(1f, -1, 1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> params(1f, 0, 0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> params(1f, 0, 1f, 1.5f));
    }
}
