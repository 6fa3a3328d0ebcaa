package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link PagedAttention} (behind {@link CpuBackend#attention}) against the double-precision {@link ScalarReference}
 * and, bit for bit, against the plain per-key float loop it replaced; each row also alone vs in the batch. With the
 * Java loops and, where the native library is available, with {@link NativeAttention}'s.
 */
class PagedAttentionTest {
    /** Allocates the inputs (CPU buffers serve either backend). */
    private static final CpuBackend BUFFERS = new CpuBackend(false);

    private static List<CpuBackend> backends() {
        return NativeLibrary.available() ? List.of(new CpuBackend(false), new CpuBackend(true)) : List.of(new CpuBackend(false));
    }
    private final Random random = new Random(20261122);

    /** Random floats with some exact zeros of both signs, so the sign-of-zero reasoning in the kernel is exercised. */
    private float[] randomFloats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(40);
            f[i] = kind == 0 ? 0f : kind == 1 ? -0f : (float) random.nextGaussian();
        }
        return f;
    }

    @Test
    void scoresHaveTheBitsOfVectorDot() {
        for (int hd : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 32, 48, 63, 64, 65, 96, 128, 129, 200, 256}) {
            int keys = 1 + random.nextInt(50), stride = hd + 5;
            float[] q = randomFloats(hd + 2), cache = randomFloats(keys * stride + 3);
            int[] offsets = new int[(keys + 63) / 64 * 64 + 64];
            for (int j = 0; j < offsets.length; j++) offsets[j] = 3 + random.nextInt(keys) * stride;
            float[] scores = new float[offsets.length];
            float scale = (float) (1 / Math.sqrt(hd));
            PagedAttention.scores(q, 2, cache, offsets, keys, hd, scale, scores);
            float[] nativeScores = new float[offsets.length];
            if (NativeAttention.available()) NativeAttention.scores(q, 2, cache, offsets, keys, hd, scale, nativeScores);
            for (int j = 0; j < keys; j++) {
                float expected = VectorDot.dot(q, 2, cache, offsets[j], hd) * scale;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(scores[j]), "headDim " + hd + ", key " + j);
                if (NativeAttention.available()) {
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(nativeScores[j]), "native, headDim " + hd + ", key " + j);
                }
            }
        }
    }

    /**
     * Three sequences with shuffled block tables: one prefills a chunk, two decode one row each, in one call.
     * Columns: heads, kvHeads, headDim, blockSize, slidingWindow.
     */
    @ParameterizedTest
    @CsvSource({"8, 4, 8, 16, 0", "8, 4, 8, 1, 0", "6, 6, 48, 16, 0", "6, 2, 48, 1, 0", "4, 1, 64, 16, 0",
            "4, 2, 128, 16, 0", "2, 2, 128, 1, 0", "4, 2, 64, 16, 7", "8, 4, 8, 1, 5", "3, 1, 17, 4, 0"})
    void matchesTheReferenceAndThePerKeyLoop(int heads, int kvHeads, int headDim, int blockSize, int window) {
        for (CpuBackend cpu : backends()) check(cpu, heads, kvHeads, headDim, blockSize, window);
    }

    private void check(CpuBackend cpu, int heads, int kvHeads, int headDim, int blockSize, int window) {
        AttentionLayout layout = new AttentionLayout(heads, kvHeads, headDim, blockSize, (float) (1 / Math.sqrt(headDim)), window);
        int kvDim = layout.kvDim(), qDim = layout.queryDim();
        int[] lengths = {37, 20, 45};   // tokens in each sequence after this step
        int[] newRows = {9, 1, 1};      // rows each sequence contributes to the step
        int blocksPer = (45 + blockSize - 1) / blockSize, blocks = 3 * blocksPer;
        List<Integer> free = new ArrayList<>();
        for (int b = 0; b < blocks; b++) free.add(b);
        Collections.shuffle(free, random);
        int[] tables = new int[blocks];
        for (int b = 0; b < blocks; b++) tables[b] = free.get(b);

        float[] kc = randomFloats(kvDim * blocks * blockSize), vc = randomFloats(kvDim * blocks * blockSize);
        int rows = 0;
        for (int n : newRows) rows += n;
        int[] positions = new int[rows], offsets = new int[rows], sequence = new int[rows];
        for (int s = 0, r = 0; s < 3; s++)
            for (int i = 0; i < newRows[s]; i++, r++) {
                positions[r] = lengths[s] - newRows[s] + i;
                offsets[r] = s * blocksPer;
                sequence[r] = s;
            }
        float[] q = randomFloats(rows * qDim);
        BackendBuffer kcB = floats(kc), vcB = floats(vc), tablesB = ints(tables), out = cpu.allocate(GgmlType.F32, (long) rows * qDim);
        cpu.attention(floats(q), kcB, vcB, ints(positions), tablesB, ints(offsets), rows, layout, out);
        float[] got = new float[rows * qDim];
        cpu.readFloats(out, 0, got, 0, got.length);

        for (int r = 0; r < rows; r++) {
            int p = positions[r], first = window > 0 ? Math.max(0, p - window + 1) : 0, len = p - first + 1;
            double[] keys = new double[len * kvDim], values = new double[len * kvDim];
            for (int t = first; t <= p; t++) {
                int slot = tables[offsets[r] + t / blockSize] * blockSize + t % blockSize;
                for (int i = 0; i < kvDim; i++) {
                    keys[(t - first) * kvDim + i] = kc[slot * kvDim + i];
                    values[(t - first) * kvDim + i] = vc[slot * kvDim + i];
                }
            }
            double[] qRow = new double[qDim];
            for (int i = 0; i < qDim; i++) qRow[i] = q[r * qDim + i];
            double[] expected = ScalarReference.attention(qRow, keys, values, len, layout);
            float[] row = java.util.Arrays.copyOfRange(got, r * qDim, (r + 1) * qDim);
            for (int i = 0; i < qDim; i++) {
                assertEquals(expected[i], row[i], 2e-5 * Math.max(1, Math.abs(expected[i])), "row " + r + " (sequence " + sequence[r] + "), element " + i);
            }
            float[] loop = perKeyLoop(q, r * qDim, kc, vc, tables, offsets[r], p, layout);
            for (int i = 0; i < qDim; i++) {
                assertEquals(Float.floatToRawIntBits(loop[i]), Float.floatToRawIntBits(row[i]), "row " + r + " element " + i + " vs the per-key loop");
            }
            BackendBuffer alone = cpu.allocate(GgmlType.F32, qDim);
            cpu.attention(floats(java.util.Arrays.copyOfRange(q, r * qDim, (r + 1) * qDim)), kcB, vcB,
                    ints(new int[] {p}), tablesB, ints(new int[] {offsets[r]}), 1, layout, alone);
            float[] a = new float[qDim];
            cpu.readFloats(alone, 0, a, 0, qDim);
            assertArrayEquals(row, a, 0f, "row " + r + " alone vs in the batch");
        }
    }

    /** The attention loop this kernel replaced: one {@link VectorDot#dot} per key, then softmax, then out += w·v. */
    private static float[] perKeyLoop(float[] q, int qRow, float[] kc, float[] vc, int[] tables, int tableOffset, int p, AttentionLayout l) {
        int hd = l.headDim(), kvDim = l.kvDim(), bs = l.blockSize(), group = l.heads() / l.kvHeads();
        int first = l.slidingWindow() > 0 ? Math.max(0, p - l.slidingWindow() + 1) : 0;
        float[] out = new float[l.queryDim()];
        for (int h = 0; h < l.heads(); h++) {
            int qOff = qRow + h * hd, kvOff = (h / group) * hd;
            float[] scores = new float[p - first + 1];
            float max = Float.NEGATIVE_INFINITY;
            for (int t = first; t <= p; t++) {
                int slot = tables[tableOffset + t / bs] * bs + t % bs;
                scores[t - first] = VectorDot.dot(q, qOff, kc, slot * kvDim + kvOff, hd) * l.scale();
                max = Math.max(max, scores[t - first]);
            }
            float sum = 0f;
            for (int i = 0; i < scores.length; i++) sum += scores[i] = (float) Math.exp(scores[i] - max);
            float inv = 1f / sum;
            for (int t = first; t <= p; t++) {
                int slot = tables[tableOffset + t / bs] * bs + t % bs;
                float weight = scores[t - first] * inv;
                for (int i = 0; i < hd; i++) out[h * hd + i] += weight * vc[slot * kvDim + kvOff + i];
            }
        }
        return out;
    }

    private static BackendBuffer floats(float[] values) {
        BackendBuffer b = BUFFERS.allocate(GgmlType.F32, values.length);
        BUFFERS.writeFloats(b, 0, values, 0, values.length);
        return b;
    }

    private static BackendBuffer ints(int[] values) {
        BackendBuffer b = BUFFERS.allocate(GgmlType.I32, values.length);
        BUFFERS.writeInts(b, 0, values, 0, values.length);
        return b;
    }
}
