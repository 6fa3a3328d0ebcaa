package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class VectorDotTest {
    private final Random random = new Random(11);

    private float[] gaussian(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) random.nextGaussian();
        return f;
    }

    @Test
    void plainDotMatchesDoubleSum() {
        for (int n : new int[] {1, 15, 16, 63, 64, 65, 1000}) {
            float[] a = gaussian(n), b = gaussian(n);
            double exact = 0, magnitude = 0;
            for (int i = 0; i < n; i++) { exact += (double) a[i] * b[i]; magnitude += Math.abs((double) a[i] * b[i]); }
            assertEquals(exact, VectorDot.dot(a, 0, b, 0, n), 1e-6 * magnitude + 1e-7, "n=" + n);
        }
    }

    /** A quantised matmul row is the same whether it ran alone (fused dot paths) or in a batch (decode path). */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void quantisedMatmulIsBatchInvariantAcrossAllPaths(GgmlType type) {
        CpuBackend cpu = new CpuBackend();
        int k = type.blockSize() == 256 ? 512 : 320, n = 70, rows = 3;
        HostTensor wt = HostTensor.quantize("w", type, gaussian(k * n), k, n);
        BackendBuffer w = cpu.upload(type, wt.shape(), wt.data());
        float[] x = gaussian(rows * k);
        BackendBuffer xb = cpu.allocate(GgmlType.F32, k, rows), yb = cpu.allocate(GgmlType.F32, n, rows);
        cpu.writeFloats(xb, 0, x, 0, x.length);
        cpu.matmul(xb, w, yb, rows);
        float[] batch = new float[rows * n];
        cpu.readFloats(yb, 0, batch, 0, batch.length);
        for (int r = 0; r < rows; r++) {
            BackendBuffer one = cpu.allocate(GgmlType.F32, k), out = cpu.allocate(GgmlType.F32, n);
            cpu.writeFloats(one, 0, x, r * k, k);
            cpu.matmul(one, w, out, 1);
            float[] alone = new float[n];
            cpu.readFloats(out, 0, alone, 0, n);
            assertArrayEquals(Arrays.copyOfRange(batch, r * n, (r + 1) * n), alone, 0f, "row " + r);
        }
    }
}
