// Backward of the embedding lookup (scatter-add): table[ids[r], :] += dy[r, :] for r ascending, table F32 [vocab, dim].
// Deterministic without atomics: one thread owns one column i of the whole table and walks the batch rows in
// order, so repeated ids add up in row order (the CPU reference's order) and no two threads touch one element.
// A bad id (outside [0, vocab)) is skipped and reported through *bad_id. Launch: grid ceil(dim / 128), block 128.
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(128) lb_train_embedding_backward(
    const float* __restrict__ dy, const int* __restrict__ ids, float* __restrict__ table, int rows, int dim,
    int vocab, int* __restrict__ bad_id) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= dim) return;
    for (int r = 0; r < rows; r++) {
        const int id = ids[r];
        if (id < 0 || id >= vocab) {
            if (i == 0) *bad_id = id;
            continue;
        }
        float* t = table + (long long)id * dim + i;
        *t = __fadd_rn(*t, dy[(long long)r * dim + i]);
    }
}
