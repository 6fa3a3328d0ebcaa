// RMSNorm's scale of one row, shared by the forward (norms.cu) and its backward (train_norms.cu), so that both
// see the same s: 1 / sqrt(sum(x^2) / k + eps) with the sum of squares in double (strided per-thread sums, then
// block_sum_double: one fixed order), rounded once to float.
#pragma once
#include "common.cuh"

__device__ __forceinline__ float rms_scale(const float* x, int k, float eps, double* scratch) {
    double ss = 0.0;
    for (int e = threadIdx.x; e < k; e += blockDim.x) ss += (double)x[e] * (double)x[e];
    ss = block_sum_double(ss, scratch);
    return (float)(1.0 / sqrt(ss / k + (double)eps));
}
