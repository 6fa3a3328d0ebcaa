// Backward of RoPE, in place on dx [rows, heads, head_dim]: each pair rotated back by its row's angle (rope.cuh with
// the sine negated: a = a' cos + b' sin, b = b' cos - a' sin), both layouts, elements past rot_dim untouched.
// Launch as lb_rope: one thread per (row, head, pair).
#include "rope.cuh"

extern "C" __global__ void lb_train_rope_backward(float* __restrict__ dx, const int* __restrict__ pos,
                                                  const float* __restrict__ inv_freq, int rows, int heads, int head_dim,
                                                  int rot_dim, int neox) {
    rope_rotate<true>(dx, pos, inv_freq, rows, heads, head_dim, rot_dim, neox);
}
