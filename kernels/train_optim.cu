// The optimiser and vector ops of training (CPU references: AdamWStep, VectorOps), element by element with one
// thread per element, in the CPU's float steps (explicit _rn intrinsics: no contraction into fma), so that every
// element's result is the CPU's bit for bit:
//   lb_train_adamw          PyTorch's single-tensor AdamW step; the scalar factors come from the host
//   lb_train_scale          x *= alpha
//   lb_train_axpy           y = fma(x, alpha, y)
//   lb_train_sum_squares    per chunk of TOPT_CHUNK elements: sum of x^2 in double (strided per-thread sums, then
//                           block_sum_double); lb_train_sum_partials folds the chunk sums the same way in one CTA.
//                           The order is fixed by n alone (global-norm clipping sums these).
#include "common.cuh"

#define TOPT_CHUNK 16384

extern "C" __global__ void lb_train_adamw(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                          float* __restrict__ v, long long count, float decay, float beta1, float beta2,
                                          float one_minus_beta1, float one_minus_beta2, float step_size,
                                          float correction2, float eps) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    const float grad = g[i];
    const float pi = __fmul_rn(p[i], decay);
    const float mi = __fadd_rn(__fmul_rn(m[i], beta1), __fmul_rn(grad, one_minus_beta1));
    const float vi = __fadd_rn(__fmul_rn(v[i], beta2), __fmul_rn(__fmul_rn(grad, grad), one_minus_beta2));
    const float denominator = __fadd_rn(__fdiv_rn(__fsqrt_rn(vi), correction2), eps);
    p[i] = __fsub_rn(pi, __fmul_rn(step_size, __fdiv_rn(mi, denominator)));
    m[i] = mi;
    v[i] = vi;
}

extern "C" __global__ void lb_train_scale(float* __restrict__ x, float alpha, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) x[i] = __fmul_rn(x[i], alpha);
}

extern "C" __global__ void lb_train_axpy(float alpha, const float* __restrict__ x, float* __restrict__ y, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) y[i] = __fmaf_rn(x[i], alpha, y[i]);
}

// grid: ceil(count / TOPT_CHUNK) CTAs of 256; partial[chunk] = sum of squares of the chunk.
extern "C" __global__ void __launch_bounds__(256) lb_train_sum_squares(const float* __restrict__ x, long long count,
                                                                       double* __restrict__ partial) {
    __shared__ double scratch[32];
    const long long begin = (long long)blockIdx.x * TOPT_CHUNK, end = min(count, begin + TOPT_CHUNK);
    double s = 0.0;
    for (long long i = begin + threadIdx.x; i < end; i += blockDim.x) s = __dadd_rn(s, __dmul_rn((double)x[i], (double)x[i]));
    s = block_sum_double(s, scratch);
    if (threadIdx.x == 0) partial[blockIdx.x] = s;
}

// One CTA of 256: *total = the sum of partial[0 .. chunks).
extern "C" __global__ void __launch_bounds__(256) lb_train_sum_partials(const double* __restrict__ partial, int chunks,
                                                                        double* __restrict__ total) {
    __shared__ double scratch[32];
    double s = 0.0;
    for (int i = threadIdx.x; i < chunks; i += blockDim.x) s = __dadd_rn(s, partial[i]);
    s = block_sum_double(s, scratch);
    if (threadIdx.x == 0) *total = s;
}
