// Backward of RMSNorm y = x * s * w, s = 1 / sqrt(sum(x^2) / dim + eps) (the forward's s: norms.cuh):
//   lb_train_rmsnorm_backward      one CTA of 256 per row: dx (+)= s w dy - x s^3 / dim * sum_i dy_i w_i x_i,
//                                  in double as the CPU reference (RmsNormGradient) evaluates it, and scales[row] = s
//   lb_train_rmsnorm_weight_grad   one thread per column i: dw[i] += sum_r dy[r, i] * (x[r, i] * s_r), rows
//                                  ascending with fp32 fma (the CPU's order); needs the scales of the first kernel.
// The double steps use explicit _rn intrinsics so that the compiler contracts none of them into an fma.
#include "norms.cuh"

extern "C" __global__ void __launch_bounds__(256) lb_train_rmsnorm_backward(
    const float* __restrict__ x, const float* __restrict__ weight, const float* __restrict__ dy,
    float* __restrict__ dx, float* __restrict__ scales, int dim, float eps, int accumulate) {
    __shared__ double scratch[32];
    const long long o = (long long)blockIdx.x * dim;
    const float s = rms_scale(x + o, dim, eps, scratch);
    double dot = 0.0;  // sum_i dy_i w_i x_i
    for (int e = threadIdx.x; e < dim; e += blockDim.x)
        dot = __dadd_rn(dot, __dmul_rn(__dmul_rn((double)dy[o + e], (double)weight[e]), (double)x[o + e]));
    dot = block_sum_double(dot, scratch);
    const double c = __ddiv_rn(__dmul_rn(__dmul_rn(__dmul_rn((double)s, (double)s), (double)s), dot), (double)dim);
    for (int e = threadIdx.x; e < dim; e += blockDim.x) {
        const double sw = __dmul_rn((double)s, (double)weight[e]);
        const float g = (float)__dsub_rn(__dmul_rn(sw, (double)dy[o + e]), __dmul_rn((double)x[o + e], c));
        dx[o + e] = accumulate ? __fadd_rn(dx[o + e], g) : g;
    }
    if (threadIdx.x == 0) scales[blockIdx.x] = s;
}

extern "C" __global__ void __launch_bounds__(128) lb_train_rmsnorm_weight_grad(
    const float* __restrict__ x, const float* __restrict__ dy, const float* __restrict__ scales,
    float* __restrict__ dweight, int dim, int rows) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= dim) return;
    float acc = dweight[i];
    for (int r = 0; r < rows; r++) {
        const long long e = (long long)r * dim + i;
        acc = __fmaf_rn(dy[e], __fmul_rn(x[e], scales[r]), acc);
    }
    dweight[i] = acc;
}
