package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.util.Random;

/** Random inputs for the training-op tests as CPU buffers and as the doubles the reference takes. */
final class TrainingBuffers {
    final CpuBackend cpu = new CpuBackend();
    final Random random;

    TrainingBuffers(long seed) {
        random = new Random(seed);
    }

    float[] gaussian(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) random.nextGaussian();
        return f;
    }

    BackendBuffer floats(float[] values) {
        BackendBuffer b = cpu.allocate(GgmlType.F32, values.length);
        cpu.writeFloats(b, 0, values, 0, values.length);
        return b;
    }

    /** An F32 buffer of this shape holding {@code values} (its first elements). */
    BackendBuffer floats(float[] values, long... shape) {
        BackendBuffer b = cpu.allocate(GgmlType.F32, shape);
        cpu.writeFloats(b, 0, values, 0, values.length);
        return b;
    }

    BackendBuffer ints(int[] values) {
        BackendBuffer b = cpu.allocate(GgmlType.I32, values.length);
        cpu.writeInts(b, 0, values, 0, values.length);
        return b;
    }

    /** A weight of shape [k, n] in {@code type} made from random values; {@code stored} receives the values it holds. */
    BackendBuffer weight(GgmlType type, int k, int n, float[] stored) {
        HostTensor t = HostTensor.quantize("w", type, gaussian(n * k), k, n);
        System.arraycopy(t.toFloatArray(), 0, stored, 0, n * k);
        return cpu.upload(type, t.shape(), t.data());
    }

    float[] read(BackendBuffer b, int n) {
        float[] f = new float[n];
        cpu.readFloats(b, 0, f, 0, n);
        return f;
    }

    static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static double[] abs(double[] d) {
        double[] a = new double[d.length];
        for (int i = 0; i < d.length; i++) a[i] = Math.abs(d[i]);
        return a;
    }
}
