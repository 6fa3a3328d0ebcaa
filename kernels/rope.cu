// Rotary position embedding, in place on x [rows, heads, head_dim], each row at its own position.
// inv_freq[i] (i < rot_dim/2) comes from the host, so theta base and Llama 3 frequency scaling are
// the model's business. Pair i is (2i, 2i+1) in the interleaved "norm" layout (llama.cpp LLAMA) and
// (i, i + rot_dim/2) in the NEOX half-split layout (Qwen2). The rotation itself is rope.cuh's.
#include "rope.cuh"

extern "C" __global__ void lb_rope(float* __restrict__ x, const int* __restrict__ pos,
                                   const float* __restrict__ inv_freq, int rows, int heads, int head_dim,
                                   int rot_dim, int neox) {
    rope_rotate<false>(x, pos, inv_freq, rows, heads, head_dim, rot_dim, neox);
}
