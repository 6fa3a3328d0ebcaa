package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;

import static dev.lightbulb.backend.cpu.CpuBuffer.floatsOf;
import static dev.lightbulb.backend.cpu.CpuBuffer.intsOf;
import static dev.lightbulb.backend.cpu.MatmulGradients.requireLength;

/**
 * The CPU backend's {@link TrainingOps}, the reference for other backends: checks buffers and shapes, then hands each
 * op to its kernel class ({@link MatmulGradients}, {@link RmsNormGradient}, {@link PointwiseGradients}, {@link RopeRotation},
 * {@link PackedAttention}, {@link CrossEntropy}, {@link AdamWStep}, {@link VectorOps}).
 */
final class CpuTrainingOps implements TrainingOps {

    @Override
    public void matmulInputGrad(BackendBuffer dy, BackendBuffer w, BackendBuffer dx, int rows, boolean accumulate) {
        MatmulGradients.inputGrad(floatsOf(dy), CpuBuffer.of(w), floatsOf(dx), rows, accumulate);
    }

    @Override
    public void matmulWeightGrad(BackendBuffer dy, BackendBuffer x, BackendBuffer dw, int rows) {
        CpuBuffer g = CpuBuffer.of(dw);
        MatmulGradients.weightGrad(floatsOf(dy), floatsOf(x), floatsOf(dw), rows, Math.toIntExact(g.rowLength()), Math.toIntExact(g.rows()));
    }

    @Override
    public void biasGrad(BackendBuffer dy, BackendBuffer dbias, int rows) {
        MatmulGradients.biasGrad(floatsOf(dy), floatsOf(dbias), rows, Math.toIntExact(dbias.rowLength()));
    }

    @Override
    public void rmsNormBackward(BackendBuffer x, BackendBuffer weight, BackendBuffer dy, BackendBuffer dx, BackendBuffer dweight,
                                int rows, float eps, boolean accumulate) {
        int dim = Math.toIntExact(weight.elements());
        float[] xs = floatsOf(x), dys = floatsOf(dy), dxs = floatsOf(dx);
        if (dxs == xs || dxs == dys) throw new IllegalArgumentException("rmsNormBackward: dx may not alias x or dy");
        for (float[] a : new float[][] {xs, dys, dxs}) requireLength(a, (long) rows * dim, "rmsNormBackward");
        RmsNormGradient.backward(xs, floatsOf(weight), dys, dxs, dweight == null ? null : floatsOf(dweight), rows, dim, eps, accumulate);
    }

    @Override
    public void swigluBackward(BackendBuffer gate, BackendBuffer up, BackendBuffer dOut, BackendBuffer dGate, BackendBuffer dUp, long n) {
        PointwiseGradients.swiglu(floatsOf(gate), floatsOf(up), floatsOf(dOut), floatsOf(dGate), floatsOf(dUp), Math.toIntExact(n));
    }

    @Override
    public void ropeBackward(BackendBuffer dx, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope) {
        float[] d = floatsOf(dx);
        requireLength(d, (long) rows * heads * headDim, "ropeBackward dx");
        RopeRotation.rotate(d, intsOf(positions), rows, heads, headDim, rope, true);
    }

    @Override
    public void embedBackward(BackendBuffer dy, BackendBuffer tokens, int rows, BackendBuffer dTable) {
        CpuBuffer t = CpuBuffer.of(dTable);
        PointwiseGradients.embedding(floatsOf(dy), intsOf(tokens), rows, floatsOf(dTable), Math.toIntExact(t.rowLength()), t.rows());
    }

    @Override
    public void attentionForward(BackendBuffer q, BackendBuffer k, BackendBuffer v, BackendBuffer docStarts, int rows,
                                 AttentionLayout layout, BackendBuffer out, BackendBuffer lse) {
        float[] qs = floatsOf(q), os = floatsOf(out), ls = floatsOf(lse);
        requireLength(qs, (long) rows * layout.queryDim(), "attentionForward q");
        requireLength(os, (long) rows * layout.queryDim(), "attentionForward out");
        requireLength(ls, (long) rows * layout.heads(), "attentionForward lse");
        float[] ks = floatsOf(k), vs = floatsOf(v);
        requireLength(ks, (long) rows * layout.kvDim(), "attentionForward k");
        requireLength(vs, (long) rows * layout.kvDim(), "attentionForward v");
        PackedAttention.forward(qs, ks, vs, intsOf(docStarts), rows, layout, os, ls);
    }

    @Override
    public void attentionBackward(BackendBuffer q, BackendBuffer k, BackendBuffer v, BackendBuffer out, BackendBuffer lse,
                                  BackendBuffer dOut, BackendBuffer docStarts, int rows, AttentionLayout layout,
                                  BackendBuffer dq, BackendBuffer dk, BackendBuffer dv) {
        float[][] queryShaped = {floatsOf(q), floatsOf(out), floatsOf(dOut), floatsOf(dq)};
        float[][] kvShaped = {floatsOf(k), floatsOf(v), floatsOf(dk), floatsOf(dv)};
        for (float[] a : queryShaped) requireLength(a, (long) rows * layout.queryDim(), "attentionBackward");
        for (float[] a : kvShaped) requireLength(a, (long) rows * layout.kvDim(), "attentionBackward");
        requireLength(floatsOf(lse), (long) rows * layout.heads(), "attentionBackward lse");
        PackedAttention.backward(queryShaped[0], kvShaped[0], kvShaped[1], queryShaped[1], floatsOf(lse), queryShaped[2],
                intsOf(docStarts), rows, layout, queryShaped[3], kvShaped[2], kvShaped[3]);
    }

    @Override
    public void crossEntropy(BackendBuffer logits, BackendBuffer targets, int rows, int vocab, float gradScale, BackendBuffer losses) {
        float[] l = floatsOf(logits), out = floatsOf(losses);
        requireLength(l, (long) rows * vocab, "crossEntropy logits");
        requireLength(out, rows, "crossEntropy losses");
        CrossEntropy.lossAndGradient(l, intsOf(targets), rows, vocab, gradScale, out);
    }

    @Override
    public void adamw(BackendBuffer param, BackendBuffer grad, BackendBuffer m, BackendBuffer v, long n, AdamWParams params, int step) {
        int count = Math.toIntExact(n);
        float[][] all = {floatsOf(param), floatsOf(grad), floatsOf(m), floatsOf(v)};
        for (float[] a : all) requireLength(a, count, "adamw");
        AdamWStep.apply(all[0], all[1], all[2], all[3], count, params, step);
    }

    @Override
    public double sumOfSquares(BackendBuffer x, long n) {
        float[] xs = floatsOf(x);
        requireLength(xs, n, "sumOfSquares");
        return VectorOps.sumOfSquares(xs, Math.toIntExact(n));
    }

    @Override
    public void fill(BackendBuffer x, float value, long n) {
        VectorOps.fill(floatsOf(x), value, Math.toIntExact(n));
    }

    @Override
    public void scale(BackendBuffer x, float alpha, long n) {
        VectorOps.scale(floatsOf(x), alpha, Math.toIntExact(n));
    }

    @Override
    public void axpy(float alpha, BackendBuffer x, BackendBuffer y, long n) {
        VectorOps.axpy(alpha, floatsOf(x), 0, floatsOf(y), 0, Math.toIntExact(n));
    }

    @Override
    public void copy(BackendBuffer src, long srcOffset, BackendBuffer dst, long dstOffset, long n) {
        System.arraycopy(floatsOf(src), Math.toIntExact(srcOffset), floatsOf(dst), Math.toIntExact(dstOffset), Math.toIntExact(n));
    }
}
