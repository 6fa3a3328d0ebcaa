package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.tensor.GgmlType;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import java.util.ArrayList;
import java.util.List;

import static dev.lightbulb.backend.cuda.CudaBackend.blocksFor;
import static dev.lightbulb.backend.cuda.CudaBackend.checkRange;

/**
 * The CUDA backend's {@link TrainingOps}: checks buffers and shapes as the CPU reference does, then launches the
 * {@code lb_train_*} kernels (kernels/train_*.cu) on the backend's stream. Every output element is summed by one
 * thread in one order fixed by the shapes (no float atomics), so a step is bit-reproducible on one GPU; the matmul,
 * bias, RMSNorm weight and embedding gradients, AdamW, scale and axpy follow the CPU's order and float steps
 * exactly, the other reductions (dot products, row sums) use fixed trees and agree with the CPU to float rounding.
 *
 * <p>Unverified: the kernels compile, but no GPU run has compared them with the CPU yet, so the backend hands this
 * out only after an explicit opt-in ({@link #requireOptIn()}); {@code bench/gpu/run.sh} runs the gpu-tagged tests
 * that compare them. Bad token ids, targets and {@code docStarts} are flagged on the device and read back at once
 * (the host waits for the stream in those calls), so they fail as on the CPU.
 */
final class CudaTrainingOps implements TrainingOps, AutoCloseable {

    /** The system property that opts in to these unverified ops, and its one accepted value. */
    static final String OPT_IN_PROPERTY = "lightbulb.cuda.training", OPT_IN_VALUE = "unverified";

    /** Threads of the matmul-gradient kernels and output rows each keeps in registers (kernels/train_matmul.cu). */
    private static final int MATMUL_THREADS = 128, MATMUL_ROWS = 16;
    /** Elements per partial sum of {@code lb_train_sum_squares} (TOPT_CHUNK in kernels/train_optim.cu). */
    private static final int SQUARES_CHUNK = 16384;
    /** The attention kernels keep a head in 8 floats per lane. */
    private static final int MAX_HEAD_DIM = 256;

    private final CudaBackend backend;
    private final ScratchBuffer flag, rowScales, delta, partials;

    CudaTrainingOps(CudaBackend backend) {
        this.backend = backend;
        this.flag = new ScratchBuffer(backend);
        this.rowScales = new ScratchBuffer(backend);
        this.delta = new ScratchBuffer(backend);
        this.partials = new ScratchBuffer(backend);
    }

    /** Throws unless the system property {@value #OPT_IN_PROPERTY} is {@value #OPT_IN_VALUE}, saying why and how to opt in. */
    static void requireOptIn() {
        if (OPT_IN_VALUE.equals(System.getProperty(OPT_IN_PROPERTY))) return;
        throw new LightbulbException("the CUDA training ops have not been verified on a GPU yet: finetune with --backend cpu, "
                + "or opt in to the unverified kernels with the JVM flag -D" + OPT_IN_PROPERTY + "=" + OPT_IN_VALUE
                + " (bin/lightbulb: LIGHTBULB_JAVA_OPTS=-D" + OPT_IN_PROPERTY + "=" + OPT_IN_VALUE + ")");
    }

    // ---------------------------------------------------------------- linear layers

    @Override
    public void matmulInputGrad(BackendBuffer dy, BackendBuffer w, BackendBuffer dx, int rows, boolean accumulate) {
        CudaBuffer wb = backend.buffer(w, null);
        int k = Math.toIntExact(wb.rowLength()), n = Math.toIntExact(wb.rows());
        CudaBuffer dyb = f32(dy, (long) rows * n), dxb = f32(dx, (long) rows * k);
        backend.launch("lb_train_matmul_input_grad_" + CudaBackend.suffix(wb.type), blocksFor(k, MATMUL_THREADS),
                gridY(rows, MATMUL_ROWS), MATMUL_THREADS, new KernelArgs().ptr(wb.pointer).i64(wb.type.bytesFor(k))
                        .ptr(dyb.pointer).ptr(dxb.pointer).i32(n).i32(k).i32(rows).i32(accumulate ? 1 : 0));
    }

    @Override
    public void matmulWeightGrad(BackendBuffer dy, BackendBuffer x, BackendBuffer dw, int rows) {
        CudaBuffer g = backend.buffer(dw, GgmlType.F32);
        int k = Math.toIntExact(g.rowLength()), n = Math.toIntExact(g.rows());
        checkRange(g, 0, (long) n * k);
        CudaBuffer dyb = f32(dy, (long) rows * n), xb = f32(x, (long) rows * k);
        backend.launch("lb_train_matmul_weight_grad", blocksFor(k, MATMUL_THREADS), gridY(n, MATMUL_ROWS), MATMUL_THREADS,
                new KernelArgs().ptr(dyb.pointer).ptr(xb.pointer).ptr(g.pointer).i32(n).i32(k).i32(rows));
    }

    @Override
    public void biasGrad(BackendBuffer dy, BackendBuffer dbias, int rows) {
        int n = Math.toIntExact(dbias.rowLength());
        CudaBuffer db = f32(dbias, n), dyb = f32(dy, (long) rows * n);
        backend.launch("lb_train_bias_grad", blocksFor(n, MATMUL_THREADS), 1, MATMUL_THREADS,
                new KernelArgs().ptr(dyb.pointer).ptr(db.pointer).i32(n).i32(rows));
    }

    // ---------------------------------------------------------------- norms, activations, positions, embedding

    @Override
    public void rmsNormBackward(BackendBuffer x, BackendBuffer weight, BackendBuffer dy, BackendBuffer dx, BackendBuffer dweight,
                                int rows, float eps, boolean accumulate) {
        int dim = Math.toIntExact(weight.elements());
        long size = (long) rows * dim;
        CudaBuffer xb = f32(x, size), dyb = f32(dy, size), dxb = f32(dx, size), wb = f32(weight, dim);
        if (dxb == xb || dxb == dyb) {
            throw new IllegalArgumentException("rmsNormBackward: dx may not alias x or dy");
        }
        CUdeviceptr scales = rowScales.get(4L * Math.max(1, rows));
        backend.launch("lb_train_rmsnorm_backward", rows, 1, 256, new KernelArgs().ptr(xb.pointer).ptr(wb.pointer)
                .ptr(dyb.pointer).ptr(dxb.pointer).ptr(scales).i32(dim).f32(eps).i32(accumulate ? 1 : 0));
        if (dweight == null) return;
        CudaBuffer dwb = f32(dweight, dim);
        backend.launch("lb_train_rmsnorm_weight_grad", blocksFor(dim, 128), 1, 128, new KernelArgs()
                .ptr(xb.pointer).ptr(dyb.pointer).ptr(scales).ptr(dwb.pointer).i32(dim).i32(rows));
    }

    @Override
    public void swigluBackward(BackendBuffer gate, BackendBuffer up, BackendBuffer dOut, BackendBuffer dGate, BackendBuffer dUp, long n) {
        CudaBuffer[] all = {f32(gate, n), f32(up, n), f32(dOut, n), f32(dGate, n), f32(dUp, n)};
        backend.launch("lb_train_swiglu_backward", blocksFor(n, 256), 1, 256, new KernelArgs().ptr(all[0].pointer)
                .ptr(all[1].pointer).ptr(all[2].pointer).ptr(all[3].pointer).ptr(all[4].pointer).i64(n));
    }

    @Override
    public void ropeBackward(BackendBuffer dx, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope) {
        f32(dx, (long) rows * heads * headDim);
        checkRange(backend.buffer(positions, GgmlType.I32), 0, rows);
        backend.launchRope("lb_train_rope_backward", dx, positions, rows, heads, headDim, rope);
    }

    @Override
    public void embedBackward(BackendBuffer dy, BackendBuffer tokens, int rows, BackendBuffer dTable) {
        CudaBuffer t = backend.buffer(dTable, GgmlType.F32);
        int dim = Math.toIntExact(t.rowLength());
        int vocab = Math.toIntExact(t.rows());
        CudaBuffer dyb = f32(dy, (long) rows * dim), ids = backend.buffer(tokens, GgmlType.I32);
        checkRange(ids, 0, rows);
        CUdeviceptr bad = flag.get(4);
        backend.fillWords(bad, Integer.MIN_VALUE, 1);
        backend.launch("lb_train_embedding_backward", blocksFor(dim, 128), 1, 128, new KernelArgs().ptr(dyb.pointer)
                .ptr(ids.pointer).ptr(t.pointer).i32(rows).i32(dim).i32(vocab).ptr(bad));
        int id = readFlag(bad);
        if (id != Integer.MIN_VALUE) throw new IllegalArgumentException("embedBackward: token id " + id + " outside the vocabulary [0, " + vocab + ")");
    }

    // ---------------------------------------------------------------- attention over packed sequences

    @Override
    public void attentionForward(BackendBuffer q, BackendBuffer k, BackendBuffer v, BackendBuffer docStarts, int rows,
                                 AttentionLayout layout, BackendBuffer out, BackendBuffer lse) {
        long queries = (long) rows * layout.queryDim(), keys = (long) rows * layout.kvDim();
        CudaBuffer qb = f32(q, queries), ob = f32(out, queries), lb = f32(lse, (long) rows * layout.heads());
        CudaBuffer kb = f32(k, keys), vb = f32(v, keys);
        CudaBuffer starts = checkDocStarts(docStarts, rows, layout);
        backend.launch("lb_train_attention_forward", rows, layout.heads(), 32, new KernelArgs().ptr(qb.pointer).ptr(kb.pointer)
                .ptr(vb.pointer).ptr(starts.pointer).ptr(ob.pointer).ptr(lb.pointer).i32(layout.heads()).i32(layout.kvHeads())
                .i32(layout.headDim()).f32(layout.scale()).i32(layout.slidingWindow()));
    }

    @Override
    public void attentionBackward(BackendBuffer q, BackendBuffer k, BackendBuffer v, BackendBuffer out, BackendBuffer lse,
                                  BackendBuffer dOut, BackendBuffer docStarts, int rows, AttentionLayout layout,
                                  BackendBuffer dq, BackendBuffer dk, BackendBuffer dv) {
        long queries = (long) rows * layout.queryDim(), keys = (long) rows * layout.kvDim(), heads = (long) rows * layout.heads();
        CudaBuffer qb = f32(q, queries), ob = f32(out, queries), dob = f32(dOut, queries), dqb = f32(dq, queries);
        CudaBuffer kb = f32(k, keys), vb = f32(v, keys), dkb = f32(dk, keys), dvb = f32(dv, keys), lb = f32(lse, heads);
        CudaBuffer starts = checkDocStarts(docStarts, rows, layout);
        CUdeviceptr d = delta.get(4 * Math.max(1, heads));
        backend.launch("lb_train_attention_backward_dq", rows, layout.heads(), 32, new KernelArgs().ptr(qb.pointer)
                .ptr(kb.pointer).ptr(vb.pointer).ptr(ob.pointer).ptr(lb.pointer).ptr(dob.pointer).ptr(starts.pointer)
                .ptr(dqb.pointer).ptr(d).i32(layout.heads()).i32(layout.kvHeads()).i32(layout.headDim())
                .f32(layout.scale()).i32(layout.slidingWindow()));
        backend.launch("lb_train_attention_backward_dkv", rows, layout.kvHeads(), 32, new KernelArgs().ptr(qb.pointer)
                .ptr(kb.pointer).ptr(vb.pointer).ptr(lb.pointer).ptr(d).ptr(dob.pointer).ptr(starts.pointer)
                .ptr(dkb.pointer).ptr(dvb.pointer).i32(rows).i32(layout.heads()).i32(layout.kvHeads()).i32(layout.headDim())
                .f32(layout.scale()).i32(layout.slidingWindow()));
    }

    /**
     * The CPU reference's check of {@code docStarts} (documents packed back to back), run on the device and read
     * back; also the head size the kernels support.
     */
    private CudaBuffer checkDocStarts(BackendBuffer docStarts, int rows, AttentionLayout layout) {
        if (layout.headDim() > MAX_HEAD_DIM) {
            throw new LightbulbException("the CUDA training attention supports head dimensions up to " + MAX_HEAD_DIM + ", not " + layout.headDim());
        }
        CudaBuffer starts = backend.buffer(docStarts, GgmlType.I32);
        checkRange(starts, 0, rows);
        CUdeviceptr bad = flag.get(4);
        backend.fillWords(bad, Integer.MAX_VALUE, 1);
        backend.launch("lb_train_check_doc_starts", blocksFor(rows, 256), 1, 256, new KernelArgs().ptr(starts.pointer).i32(rows).ptr(bad));
        int r = readFlag(bad);
        if (r == Integer.MAX_VALUE) return starts;
        int[] s = new int[2];   // docStarts[r - 1] and docStarts[r] (just the latter for row 0)
        backend.readInts(docStarts, Math.max(0, r - 1), s, r == 0 ? 1 : 0, r == 0 ? 1 : 2);
        throw new IllegalArgumentException("docStarts[" + r + "] = " + s[1] + ": a row starts its own document ("
                + r + ") or continues the previous row's (" + (r == 0 ? "none" : s[0]) + ")");
    }

    // ---------------------------------------------------------------- loss

    @Override
    public void crossEntropy(BackendBuffer logits, BackendBuffer targets, int rows, int vocab, float gradScale, BackendBuffer losses) {
        CudaBuffer lb = f32(logits, (long) rows * vocab), out = f32(losses, rows), tb = backend.buffer(targets, GgmlType.I32);
        checkRange(tb, 0, rows);
        CUdeviceptr bad = flag.get(4);
        backend.fillWords(bad, Integer.MAX_VALUE, 1);
        backend.launch("lb_train_cross_entropy", rows, 1, 256, new KernelArgs().ptr(lb.pointer).ptr(tb.pointer).i32(vocab)
                .f32(gradScale).ptr(out.pointer).ptr(bad));
        int r = readFlag(bad);
        if (r == Integer.MAX_VALUE) return;
        int[] t = new int[1];
        backend.readInts(targets, r, t, 0, 1);
        throw new IllegalArgumentException("crossEntropy: target " + t[0] + " of row " + r + " outside the vocabulary [0, " + vocab + ")");
    }

    // ---------------------------------------------------------------- optimiser and vector ops

    @Override
    public void adamw(BackendBuffer param, BackendBuffer grad, BackendBuffer m, BackendBuffer v, long n, AdamWParams params, int step) {
        AdamWParams.StepFactors f = params.factors(step);
        CudaBuffer[] all = {f32(param, n), f32(grad, n), f32(m, n), f32(v, n)};
        backend.launch("lb_train_adamw", blocksFor(n, 256), 1, 256, new KernelArgs().ptr(all[0].pointer).ptr(all[1].pointer)
                .ptr(all[2].pointer).ptr(all[3].pointer).i64(n).f32(f.decay()).f32(params.beta1()).f32(params.beta2())
                .f32(f.oneMinusBeta1()).f32(f.oneMinusBeta2()).f32(f.stepSize()).f32(f.correction2()).f32(params.eps()));
    }

    @Override
    public double sumOfSquares(BackendBuffer x, long n) {
        CudaBuffer xb = f32(x, n);
        if (n == 0) return 0;
        int chunks = Math.toIntExact((n + SQUARES_CHUNK - 1) / SQUARES_CHUNK);
        CUdeviceptr partial = partials.get(8L * chunks + 8), total = partial.withByteOffset(8L * chunks);
        backend.launch("lb_train_sum_squares", chunks, 1, 256, new KernelArgs().ptr(xb.pointer).i64(n).ptr(partial));
        backend.launch("lb_train_sum_partials", 1, 1, 256, new KernelArgs().ptr(partial).i32(chunks).ptr(total));
        double[] sum = new double[1];
        backend.readBack(total, Pointer.to(sum), 8);
        return sum[0];
    }

    @Override
    public void fill(BackendBuffer x, float value, long n) {
        CudaBuffer b = f32(x, n);
        if (n > 0) backend.fillWords(b.pointer, Float.floatToRawIntBits(value), n);
    }

    @Override
    public void scale(BackendBuffer x, float alpha, long n) {
        backend.launch("lb_train_scale", blocksFor(n, 256), 1, 256, new KernelArgs().ptr(f32(x, n).pointer).f32(alpha).i64(n));
    }

    @Override
    public void axpy(float alpha, BackendBuffer x, BackendBuffer y, long n) {
        backend.launch("lb_train_axpy", blocksFor(n, 256), 1, 256, new KernelArgs().f32(alpha).ptr(f32(x, n).pointer)
                .ptr(f32(y, n).pointer).i64(n));
    }

    @Override
    public void copy(BackendBuffer src, long srcOffset, BackendBuffer dst, long dstOffset, long n) {
        CudaBuffer s = backend.buffer(src, GgmlType.F32), d = backend.buffer(dst, GgmlType.F32);
        checkRange(s, srcOffset, n);
        checkRange(d, dstOffset, n);
        if (n > 0) backend.copyOnDevice(s.pointer.withByteOffset(4 * srcOffset), d.pointer.withByteOffset(4 * dstOffset), 4 * n);
    }

    @Override
    public void close() {
        for (ScratchBuffer s : new ScratchBuffer[] {flag, rowScales, delta, partials}) s.close();
    }

    // ---------------------------------------------------------------- helpers

    /** An F32 buffer of this backend holding at least {@code elements}. */
    private CudaBuffer f32(BackendBuffer b, long elements) {
        CudaBuffer c = backend.buffer(b, GgmlType.F32);
        checkRange(c, 0, elements);
        return c;
    }

    /** Blocks of {@code perBlock} along grid y (at most 65535 of them). */
    private static int gridY(int count, int perBlock) {
        int blocks = blocksFor(count, perBlock);
        if (blocks > 65535) throw new IllegalArgumentException(count + " rows: more than the kernel's grid allows (" + 65535L * perBlock + ")");
        return blocks;
    }

    private int readFlag(CUdeviceptr flagPointer) {
        int[] value = new int[1];
        backend.readBack(flagPointer, Pointer.to(value), 4);
        return value[0];
    }

    /** Every kernel this class launches, by name (a test checks the packaged fatbin has each one). */
    static List<String> kernelNames() {
        List<String> names = new ArrayList<>(List.of("lb_train_matmul_weight_grad", "lb_train_bias_grad", "lb_train_rmsnorm_backward",
                "lb_train_rmsnorm_weight_grad", "lb_train_swiglu_backward", "lb_train_rope_backward", "lb_train_embedding_backward",
                "lb_train_check_doc_starts", "lb_train_attention_forward", "lb_train_attention_backward_dq",
                "lb_train_attention_backward_dkv", "lb_train_cross_entropy", "lb_train_adamw", "lb_train_sum_squares",
                "lb_train_sum_partials", "lb_train_scale", "lb_train_axpy"));
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            names.add("lb_train_matmul_input_grad_" + CudaBackend.suffix(t));
        }
        return names;
    }
}
