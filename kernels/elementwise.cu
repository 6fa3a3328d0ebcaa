// Element-wise ops of the transformer block: SwiGLU (silu(gate) * up), residual add, per-column bias,
// and the row gather that picks the rows whose logits are needed.
#include "common.cuh"

// out may alias gate or up, and lb_add's out may alias a (the backend adds in place): no __restrict__ on them.
extern "C" __global__ void lb_swiglu(const float* gate, const float* up, float* out, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    const float g = gate[i];
    out[i] = g / (1.0f + (float)exp(-(double)g)) * up[i];  // exp in double, as the CPU backend
}

extern "C" __global__ void lb_add(const float* a, const float* __restrict__ b, float* out, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    out[i] = a[i] + b[i];
}

// y[r, j] += bias[j] for y [rows, n] (Qwen2's QKV bias).
extern "C" __global__ void lb_bias_add(float* __restrict__ y, const float* __restrict__ bias, int rows, int n) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= (long long)rows * n) return;
    y[i] += bias[i % n];
}

// dst[j, :] = src[idx[j], :] for j < count, rows of row_length floats. grid.x = count.
extern "C" __global__ void lb_gather_rows(const float* __restrict__ src, const int* __restrict__ idx,
                                          float* __restrict__ dst, int row_length) {
    const float* s = src + (long long)idx[blockIdx.x] * row_length;
    float* d = dst + (long long)blockIdx.x * row_length;
    for (int e = threadIdx.x; e < row_length; e += blockDim.x) d[e] = s[e];
}
