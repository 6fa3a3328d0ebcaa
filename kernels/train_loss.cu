// Cross-entropy over the vocabulary fused with its gradient, in place (CPU reference: CrossEntropy). One CTA of 256
// per row z of logits [rows, vocab]: loss = max + log(sum_i exp(z_i - max)) - z[target] (exponentials in double,
// summed in double: strided per-thread sums, then block_sum_double), then
// z_i <- (float)(e_i / sum) * grad_scale, minus grad_scale at the target. A negative target masks the row (loss 0,
// zero gradient); a target >= vocab is reported through *bad_target, which keeps the first such row (atomicMin
// from INT_MAX: deterministic); the row is then left as it was, its loss NaN.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(256) lb_train_cross_entropy(
    float* __restrict__ logits, const int* __restrict__ targets, int vocab, float grad_scale,
    float* __restrict__ losses, int* __restrict__ bad_target) {
    __shared__ float fscratch[32];
    __shared__ double dscratch[32];
    const int row = blockIdx.x, t = targets[row];
    float* z = logits + (long long)row * vocab;
    if (t < 0 || t >= vocab) {
        if (t < 0)
            for (int i = threadIdx.x; i < vocab; i += blockDim.x) z[i] = 0.0f;
        if (threadIdx.x == 0) {
            losses[row] = t < 0 ? 0.0f : __int_as_float(0x7fc00000);
            if (t >= vocab) atomicMin(bad_target, row);
        }
        return;
    }
    const float target = z[t];  // read before block_max's barriers; z[t] is overwritten below
    float m = -INFINITY;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) m = fmaxf(m, z[i]);
    const float mx = block_max(m, fscratch);
    double sum = 0.0;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
        const double e = exp((double)__fsub_rn(z[i], mx));
        sum = __dadd_rn(sum, e);
        z[i] = (float)e;
    }
    sum = block_sum_double(sum, dscratch);
    const double inv = __drcp_rn(sum);
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
        float g = __fmul_rn((float)__dmul_rn((double)z[i], inv), grad_scale);
        if (i == t) g = __fsub_rn(g, grad_scale);
        z[i] = g;
    }
    if (threadIdx.x == 0) losses[row] = (float)__dsub_rn(__dadd_rn((double)mx, log(sum)), (double)target);
}
