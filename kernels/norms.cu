// RMSNorm: y = x / sqrt(mean(x^2) + eps) * weight, one CTA of 256 threads per row (fixed order:
// strided per-thread sums, then block_sum). The sum of squares is in double, as ggml and the CPU backend do. The fused variant writes the normalised row straight
// into int8 activation blocks for the next quantised matmul, saving a pass over the activations.
#include "act_quant.cuh"
#include "norms.cuh"

#define NORM_THREADS 256

extern "C" __global__ void __launch_bounds__(NORM_THREADS) lb_rmsnorm(const float* __restrict__ x,
                                                                      const float* __restrict__ weight,
                                                                      float* __restrict__ y, int k, float eps) {
    __shared__ double scratch[32];
    const float* xr = x + (long long)blockIdx.x * k;
    float* yr = y + (long long)blockIdx.x * k;
    const float s = rms_scale(xr, k, eps, scratch);
    for (int e = threadIdx.x; e < k; e += blockDim.x) yr[e] = __fmul_rn(__fmul_rn(xr[e], s), weight[e]);
}

// k % 32 == 0; outputs as lb_quantize_act of the lb_rmsnorm result.
extern "C" __global__ void __launch_bounds__(NORM_THREADS) lb_rmsnorm_quantize(
    const float* __restrict__ x, const float* __restrict__ weight, int8_t* __restrict__ xq,
    float* __restrict__ dx, int* __restrict__ xsum, int k, float eps) {
    __shared__ double scratch[32];
    const long long row = blockIdx.x;
    const float* xr = x + row * k;
    const float s = rms_scale(xr, k, eps, scratch);
    const int nb = k / 32, lane = threadIdx.x & 31;
    for (int b = threadIdx.x / 32; b < nb; b += blockDim.x / 32) {
        const int e = 32 * b + lane;
        const float v = __fmul_rn(__fmul_rn(xr[e], s), weight[e]);
        quantize_block_warp(v, xq + row * k + 32 * b, dx + row * nb + b, xsum + row * nb + b);
    }
}
