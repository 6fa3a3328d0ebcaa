package dev.lightbulb.backend;

import java.util.List;

/**
 * The backward, loss and optimiser operations finetuning needs, on buffers of one {@link Backend}: a capability a
 * backend may offer ({@link Backend#trainingOps()}), separate from the forward ops so that forward-only backends stay
 * valid. The forward pass of training uses the ordinary {@link Backend} ops (embed, rmsNorm, matmul, addBias, rope,
 * swiglu, add) plus {@link #attentionForward}, which keeps what the attention backward needs.
 *
 * <h2>Conventions</h2>
 * As in {@link Backend}: activations and gradients are flat F32 buffers {@code [rows, d]} (row r at element
 * {@code r * d}), indices are I32 {@code [rows]}, buffers may be larger than needed, and every op starts at element 0
 * ({@link #copy} moves data between offsets). A weight {@code w} of shape {@code [k, n]} (ggml order: n rows of
 * length k) maps width k to width n: {@code y = x · Wᵀ}. Weight gradients are F32 buffers of the weight's shape.
 * Ops named "accumulate" add into their output; others overwrite it. Residual connections need no op of their own:
 * a residual's gradient is passed on unchanged and branches are summed with {@link Backend#add} or {@link #axpy}.
 *
 * <h2>Packed sequences</h2>
 * A training batch is several documents packed one after another into one row batch. {@code docStarts} (I32
 * {@code [rows]}) gives, for each row, the index of the first row of its document; row r's position in its
 * document is {@code r - docStarts[r]} (the positions given to RoPE). Attention never crosses a document
 * boundary: row r attends to rows {@code docStarts[r] .. r}, and with a sliding window w only to rows
 * {@code > r - w}.
 *
 * <h2>Reproducibility (contract)</h2>
 * Every reduction has one fixed order for a given batch, whatever the thread count or the partition of work, so a
 * training step gives the same bits every time (no atomics, no order that depends on timing). The orders each op
 * states are the CPU reference's (sequential, ascending); another backend may use another order (a fixed tree, say)
 * if it is fixed by the shapes alone, and must agree with the CPU within float32 tolerance (tested on random inputs).
 */
public interface TrainingOps {

    // ---------------------------------------------------------------- linear layers

    /**
     * Input gradient of {@link Backend#matmul}: {@code dx[rows, k] = dy[rows, n] · W} (with {@code accumulate},
     * {@code dx += dy · W}), {@code w} of shape {@code [k, n]} in any stored type the backend's matmul accepts:
     * quantised weights stay quantised and are dequantised exactly as matmul does. Element {@code dx[r, i]} is
     * {@code Σ_j dy[r, j] · W[j, i]} summed over j in ascending order, starting from {@code dx[r, i]} (accumulate) or 0.
     */
    void matmulInputGrad(BackendBuffer dy, BackendBuffer w, BackendBuffer dx, int rows, boolean accumulate);

    /**
     * Accumulated weight gradient of {@link Backend#matmul}: {@code dw[j, i] += Σ_r dy[r, j] · x[r, i]} over rows r in
     * ascending order; {@code dy} is F32 {@code [rows, n]}, {@code x} F32 {@code [rows, k]}, {@code dw} F32 of the
     * weight's shape {@code [k, n]}.
     */
    void matmulWeightGrad(BackendBuffer dy, BackendBuffer x, BackendBuffer dw, int rows);

    /** Accumulated gradient of {@link Backend#addBias}: {@code dbias[i] += Σ_r dy[r, i]}, rows in ascending order. */
    void biasGrad(BackendBuffer dy, BackendBuffer dbias, int rows);

    // ---------------------------------------------------------------- norms, activations, positions, embedding

    /**
     * Backward of {@link Backend#rmsNorm} ({@code y = x · s · w}, {@code s = 1 / sqrt(mean(x²) + eps)}, the sum of
     * squares taken as the forward takes it): given the forward's input {@code x} (F32 {@code [rows, dim]}) and
     * {@code dy}, writes (or, with {@code accumulate}, adds) {@code dx = s · w ⊙ dy − x · s³ / dim · Σ_i dy_i w_i x_i}
     * and, when {@code dweight} is not null, accumulates {@code dweight[i] += Σ_r dy[r, i] · x[r, i] · s_r} over rows in
     * ascending order. {@code dx} may not alias {@code x} or {@code dy}.
     */
    void rmsNormBackward(BackendBuffer x, BackendBuffer weight, BackendBuffer dy, BackendBuffer dx, BackendBuffer dweight,
                         int rows, float eps, boolean accumulate);

    /**
     * Backward of {@link Backend#swiglu} ({@code out = silu(gate) · up}): {@code dGate = dOut · up · silu'(gate)},
     * {@code dUp = dOut · silu(gate)}, elementwise over {@code n}. {@code dGate} may alias {@code gate} and {@code dUp}
     * may alias {@code up} (each element is read before it is written).
     */
    void swigluBackward(BackendBuffer gate, BackendBuffer up, BackendBuffer dOut, BackendBuffer dGate, BackendBuffer dUp, long n);

    /**
     * Backward of {@link Backend#rope}, in place: every pair is rotated back by its row's angle
     * ({@code a = a' cos t + b' sin t}, {@code b = −a' sin t + b' cos t}), for both {@link RopeLayout}s; elements past
     * {@code rotaryDim} pass through.
     */
    void ropeBackward(BackendBuffer dx, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope);

    /**
     * Backward of {@link Backend#embed} (scatter-add): {@code dTable[tokens[r], :] += dy[r, :]} for rows in ascending
     * order; {@code dTable} is F32 {@code [dim, vocab]}.
     */
    void embedBackward(BackendBuffer dy, BackendBuffer tokens, int rows, BackendBuffer dTable);

    // ---------------------------------------------------------------- attention over packed sequences

    /**
     * Causal attention of a packed batch (see the class comment), keeping the log-sum-exp. {@code q} is F32
     * {@code [rows, heads · headDim]}, {@code k} and {@code v} F32 {@code [rows, kvHeads · headDim]}; query head h reads
     * kv head {@code h / (heads / kvHeads)}. Per (row r, head h): scores {@code s_j = scale · q·k_j} for the visible rows
     * j, {@code lse[r, h] = log Σ_j exp(s_j)} (natural log, max-subtracted), {@code out = Σ_j exp(s_j − lse) · v_j} with j
     * ascending. {@code out} is F32 {@code [rows, heads · headDim]}, {@code lse} F32 {@code [rows, heads]}.
     * {@code layout.blockSize()} is not used.
     */
    void attentionForward(BackendBuffer q, BackendBuffer k, BackendBuffer v, BackendBuffer docStarts, int rows,
                          AttentionLayout layout, BackendBuffer out, BackendBuffer lse);

    /**
     * Backward of {@link #attentionForward} given its inputs, its {@code out} and {@code lse}, and {@code dOut}: with
     * {@code p_rj = exp(s_rj − lse_r)}, {@code D_r = dOut_r · out_r} and {@code ds_rj = p_rj (dOut_r · v_j − D_r)},
     * writes {@code dq_r = scale Σ_j ds_rj k_j} (j ascending), {@code dk_j = scale Σ ds_rj q_r} and
     * {@code dv_j = Σ p_rj dOut_r}, the last two accumulated head by head over the query heads of j's kv head
     * (ascending) and, within a head, over the rows r that see j (ascending). {@code dq} is
     * {@code [rows, heads · headDim]}, {@code dk} and {@code dv} {@code [rows, kvHeads · headDim]}, all F32 and
     * overwritten.
     */
    void attentionBackward(BackendBuffer q, BackendBuffer k, BackendBuffer v, BackendBuffer out, BackendBuffer lse,
                           BackendBuffer dOut, BackendBuffer docStarts, int rows, AttentionLayout layout,
                           BackendBuffer dq, BackendBuffer dk, BackendBuffer dv);

    // ---------------------------------------------------------------- loss

    /**
     * Cross-entropy over the vocabulary, fused with its gradient, in place. {@code logits} is F32 {@code [rows, vocab]};
     * {@code targets} I32 {@code [rows]}, where a negative target masks the row out (no loss, zero gradient).
     * Writes {@code losses[r] = logsumexp(z_r) − z_r[target_r]} (0 for a masked row; F32 {@code [rows]}) and replaces the
     * logits by {@code dlogits = gradScale · (softmax(z_r) − onehot(target_r))} (zeros for a masked row). Rows are
     * independent, so a caller bounds memory by passing the batch a chunk of rows at a time (rows × vocab floats of
     * a 128k vocabulary never need to exist at once); {@code gradScale} is typically 1 / (unmasked tokens of the
     * whole batch). The CPU sums each row's exponentials in double precision in ascending vocabulary order.
     */
    void crossEntropy(BackendBuffer logits, BackendBuffer targets, int rows, int vocab, float gradScale, BackendBuffer losses);

    // ---------------------------------------------------------------- optimiser and vector ops

    /**
     * One AdamW step over {@code n} elements of F32 {@code param} with gradient {@code grad} and moments {@code m},
     * {@code v}, {@code step} counting from 1 — PyTorch's {@code torch.optim.AdamW}: {@code p ← p · (1 − lr · wd)}
     * (decoupled weight decay), {@code m ← β1 m + (1 − β1) g}, {@code v ← β2 v + (1 − β2) g²},
     * {@code p ← p − lr / (1 − β1^step) · m / (sqrt(v) / sqrt(1 − β2^step) + eps)}.
     */
    void adamw(BackendBuffer param, BackendBuffer grad, BackendBuffer m, BackendBuffer v, long n, AdamWParams params, int step);

    /** {@code Σ x[i]²} over {@code n} elements, in double precision, in one order fixed by n alone. */
    double sumOfSquares(BackendBuffer x, long n);

    /** {@code x[i] = value} for i in [0, n). */
    void fill(BackendBuffer x, float value, long n);

    /** {@code x[i] *= alpha} for i in [0, n). */
    void scale(BackendBuffer x, float alpha, long n);

    /** {@code y[i] += alpha · x[i]} for i in [0, n). */
    void axpy(float alpha, BackendBuffer x, BackendBuffer y, long n);

    /** Copies {@code n} F32 elements from {@code src[srcOffset..]} to {@code dst[dstOffset..]} (e.g. a chunk of rows). */
    void copy(BackendBuffer src, long srcOffset, BackendBuffer dst, long dstOffset, long n);

    /**
     * Global-norm gradient clipping as PyTorch's {@code clip_grad_norm_}: the norm over all {@code grads} (buffer i has
     * {@code sizes[i]} elements), and when it exceeds {@code maxNorm} every gradient is scaled by
     * {@code maxNorm / (norm + 1e-6)}. Returns the norm before clipping. Buffers are summed in list order.
     */
    default double clipGlobalNorm(List<BackendBuffer> grads, List<Long> sizes, double maxNorm) {
        if (grads.size() != sizes.size()) throw new IllegalArgumentException(grads.size() + " gradients but " + sizes.size() + " sizes");
        double squares = 0;
        for (int i = 0; i < grads.size(); i++) squares += sumOfSquares(grads.get(i), sizes.get(i));
        double norm = Math.sqrt(squares);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) for (int i = 0; i < grads.size(); i++) scale(grads.get(i), (float) coefficient, sizes.get(i));
        return norm;
    }
}
