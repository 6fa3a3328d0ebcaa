// RoPE's rotation of every pair of every head, shared by the forward (rope.cu) and its backward
// (train_rope.cu, which rotates back by the negated angle: sin negated, cos unchanged). One thread per
// (row, head, pair); the angle and its sine/cosine in double, rounded to float, as the CPU backend does.
#pragma once
#include "common.cuh"

template <bool INVERSE>
__device__ __forceinline__ void rope_rotate(float* __restrict__ x, const int* __restrict__ pos,
                                            const float* __restrict__ inv_freq, int rows, int heads, int head_dim,
                                            int rot_dim, int neox) {
    const int half = rot_dim / 2;
    const long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long total = (long long)rows * heads * half;
    if (idx >= total) return;
    const int i = (int)(idx % half);
    const long long rh = idx / half;  // row * heads + head
    const int row = (int)(rh / heads);
    float* v = x + rh * head_dim;
    double sd, cd;
    sincos((double)pos[row] * (double)inv_freq[i], &sd, &cd);
    const float s = INVERSE ? -(float)sd : (float)sd, c = (float)cd;
    const int a = neox ? i : 2 * i;
    const int b = neox ? i + half : 2 * i + 1;
    const float x0 = v[a], x1 = v[b];
    v[a] = __fsub_rn(__fmul_rn(x0, c), __fmul_rn(x1, s));
    v[b] = __fadd_rn(__fmul_rn(x0, s), __fmul_rn(x1, c));
}
