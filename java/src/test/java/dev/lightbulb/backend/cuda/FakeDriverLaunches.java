package dev.lightbulb.backend.cuda;

import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.util.List;

/**
 * Calls every {@link CudaTrainingOps} op once, for a JVM whose libcuda is native/fake_driver.cpp (no GPU): the
 * stand-in runs no kernel but checks each launch's argument list against the kernels' PTX and prints
 * "launch signatures: N launches, M mismatches" at exit ({@link FakeDriverLaunchesTest} reads it). Device memory
 * holds nothing meaningful there, so flags read back are ignored and no result is looked at.
 */
final class FakeDriverLaunches {
    public static void main(String[] args) {
        System.setProperty(CudaTrainingOps.OPT_IN_PROPERTY, CudaTrainingOps.OPT_IN_VALUE);
        try (CudaBackend gpu = CudaBackend.open(CudaBackend.MatmulMode.FLOAT_ACTIVATIONS)) {
            TrainingOps ops = gpu.trainingOps();
            int rows = 5, k = 64, n = 32, vocab = 40;
            BackendBuffer dy = gpu.allocate(GgmlType.F32, (long) rows * 64), x = gpu.allocate(GgmlType.F32, (long) rows * 64);
            BackendBuffer dx = gpu.allocate(GgmlType.F32, (long) rows * 64), dw = gpu.allocate(GgmlType.F32, k, n);
            for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
                HostTensor w = HostTensor.quantize("w", t, new float[k * n], k, n);
                ops.matmulInputGrad(dy, gpu.upload(t, w.shape(), w.data()), dx, rows, true);
            }
            for (GgmlType t : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K}) {
                HostTensor w = HostTensor.quantize("w", t, new float[256 * 2], 256, 2);
                ops.matmulInputGrad(dy, gpu.upload(t, w.shape(), w.data()), gpu.allocate(GgmlType.F32, (long) rows * 256), rows, false);
            }
            ops.matmulWeightGrad(dy, x, dw, rows);
            ops.biasGrad(dy, gpu.allocate(GgmlType.F32, n), rows);
            BackendBuffer norm = gpu.allocate(GgmlType.F32, 64);
            ops.rmsNormBackward(x, norm, dy, dx, norm, rows, 1e-5f, true);
            ops.swigluBackward(x, dy, dx, x, dy, (long) rows * 64);
            BackendBuffer positions = gpu.allocate(GgmlType.I32, rows);
            ops.ropeBackward(dx, positions, rows, 4, 16, RopeSpec.standard(RopeLayout.NEOX, 16, 10000));
            ops.embedBackward(dy, positions, rows, gpu.allocate(GgmlType.F32, 64, vocab));
            AttentionLayout layout = new AttentionLayout(4, 2, 16, 1, 0.25f, 0);
            BackendBuffer lse = gpu.allocate(GgmlType.F32, (long) rows * 4), kv = gpu.allocate(GgmlType.F32, (long) rows * 32);
            ops.attentionForward(x, kv, kv, positions, rows, layout, dx, lse);
            ops.attentionBackward(x, kv, kv, dx, lse, dy, positions, rows, layout, x, kv, kv);
            BackendBuffer logits = gpu.allocate(GgmlType.F32, (long) rows * vocab);
            ops.crossEntropy(logits, positions, rows, vocab, 1f, gpu.allocate(GgmlType.F32, rows));
            BackendBuffer m = gpu.allocate(GgmlType.F32, (long) k * n), v = gpu.allocate(GgmlType.F32, (long) k * n);
            ops.adamw(dw, dw, m, v, (long) k * n, AdamWParams.defaults(1e-3f), 1);
            ops.clipGlobalNorm(List.of(dw, x), List.of((long) k * n, (long) rows * 64), 1.0);   // sums of squares, then scale
            ops.scale(x, 2f, (long) rows * 64);
            ops.axpy(0.5f, x, dy, (long) rows * 64);
            ops.fill(dx, 1f, (long) rows * 64);
            ops.copy(x, 3, dy, 7, 100);
            gpu.synchronize();
        }
        System.out.println("FakeDriverLaunches: every training op called");
    }
}
