// F32 activations rounded to a weight's half type (round to nearest even; F16 overflows to +-inf past 65504),
// so that cuBLAS can multiply F16 / BF16 weights with tensor cores (backend/cuda CublasMatmul). One element
// per thread; no reduction, so nothing here depends on the batch.
#include "common.cuh"

extern "C" __global__ void lb_convert_f32_f16(const float* __restrict__ x, __half* __restrict__ out, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) out[i] = __float2half_rn(x[i]);
}

extern "C" __global__ void lb_convert_f32_bf16(const float* __restrict__ x, __nv_bfloat16* __restrict__ out, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) out[i] = __float2bfloat16_rn(x[i]);
}
