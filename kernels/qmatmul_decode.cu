// Quantised matmul, decode path (1..8 activation rows): y[rows, n] = x[rows, k] . W^T, W in a ggml
// block format, x quantised to int8 blocks (act_quant.cuh). One warp per output column j. The warp copies
// 32 chunks of W's row j at a time into shared memory with coalesced 16-byte loads; then lane c takes
// chunk c (QMM_CHUNK_BLOCKS blocks) and multiplies it with every activation row, so each weight byte is
// read once for all rows. Integer dot products use dp4a; the float folding follows qmatmul_order.cuh
// exactly (the mma kernel gives bit-identical results).
#include "qmatmul_order.cuh"
#include "staging.cuh"

#define QMM_DECODE_MAX_ROWS 8
#define QMM_DECODE_WARPS 4
// Shared bytes per warp: one round of 32 chunks of the widest format (Q8_0: 8 blocks x 34 bytes).
#define QMM_DECODE_ROUND_BYTES STAGE_BYTES(32 * QMM_CHUNK_BLOCKS * 34)

template <class F>
__device__ void qmatmul_decode(const uint8_t* __restrict__ w, long long row_bytes,
                               const int8_t* __restrict__ xq, const float* __restrict__ dx,
                               const int* __restrict__ xsum, float* __restrict__ y, int n, int k, int rows) {
    __shared__ __align__(16) uint8_t stage[QMM_DECODE_WARPS][QMM_DECODE_ROUND_BYTES];
    const int j = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (j >= n) return;
    const uint8_t* grow = w + (long long)j * row_bytes;
    uint8_t* mine = stage[threadIdx.x / 32];
    const int nb = k / 32;
    const int nchunks = (nb + QMM_CHUNK_BLOCKS - 1) / QMM_CHUNK_BLOCKS;
    float total[QMM_DECODE_MAX_ROWS];
#pragma unroll
    for (int r = 0; r < QMM_DECODE_MAX_ROWS; r++) total[r] = 0.0f;

    for (int round = 0; round < nchunks; round += 32) {
        // Stage this round's chunks of the row (coalesced 16-byte loads by the whole warp).
        const long long begin = block_byte<F>(round * QMM_CHUNK_BLOCKS);
        const long long end = block_byte<F>(min(nb, (round + 32) * QMM_CHUNK_BLOCKS));
        const uint4* src = reinterpret_cast<const uint4*>(window_source(grow, begin));
        const int pieces = window_pieces(grow, begin, end);
        // All of the round's pieces in flight at once (cp.async needs no registers): copying one 16-byte piece per
        // lane at a time left this kernel bound by memory latency (7-17 % of the copy bandwidth on an H200).
        __syncwarp();   // every lane has finished reading the previous round
        for (int p = lane; p < pieces; p += 32) cp_async16(reinterpret_cast<uint4*>(mine) + p, src + p);
        cp_async_commit();
        cp_async_wait<0>();
        __syncwarp();   // the other lanes' pieces are visible too
        const uint8_t* wrow = rebased(mine, grow, begin);
        const int c = round + lane;
        float acc[QMM_DECODE_MAX_ROWS];
#pragma unroll
        for (int r = 0; r < QMM_DECODE_MAX_ROWS; r++) acc[r] = 0.0f;
        if (c < nchunks) {
            const int b_end = min(nb, (c + 1) * QMM_CHUNK_BLOCKS);
            for (int b = c * QMM_CHUNK_BLOCKS; b < b_end; b++) {
                int wq[8];
#pragma unroll
                for (int i = 0; i < 8; i++) wq[i] = F::word(wrow, b, i);
                const SubScales s = F::scales(wrow, b);
#pragma unroll
                for (int r = 0; r < QMM_DECODE_MAX_ROWS; r++) {
                    if (r < rows) {
                        // the block's 32 activations in two 16-byte loads (k % 32 == 0 keeps them aligned)
                        const int4* xw = reinterpret_cast<const int4*>(xq + (long long)r * k + 32 * b);
                        const int4 xa = xw[0], xb4 = xw[1];
                        int lo = 0, hi = 0;
                        lo = __dp4a(wq[0], xa.x, lo); lo = __dp4a(wq[1], xa.y, lo);
                        lo = __dp4a(wq[2], xa.z, lo); lo = __dp4a(wq[3], xa.w, lo);
                        hi = __dp4a(wq[4], xb4.x, hi); hi = __dp4a(wq[5], xb4.y, hi);
                        hi = __dp4a(wq[6], xb4.z, hi); hi = __dp4a(wq[7], xb4.w, hi);
                        const long long xb = (long long)r * nb + b;
                        acc[r] = qmm_block_term<F>(acc[r], s, dx[xb], lo, hi, F::HAS_MIN ? xsum[xb] : 0);
                    }
                }
            }
        }
        // Fold this round's chunk sums into the totals in chunk order (every lane computes the same).
        const int in_round = min(32, nchunks - round);
        for (int chunk = 0; chunk < in_round; chunk++) {
#pragma unroll
            for (int r = 0; r < QMM_DECODE_MAX_ROWS; r++)
                total[r] = __fadd_rn(total[r], __shfl_sync(0xffffffffu, acc[r], chunk));
        }
    }
    if (lane == 0) {
#pragma unroll
        for (int r = 0; r < QMM_DECODE_MAX_ROWS; r++)
            if (r < rows) y[(long long)r * n + j] = total[r];
    }
}

#define LB_QMM_DECODE(name, F)                                                                         \
    extern "C" __global__ void __launch_bounds__(QMM_DECODE_WARPS * 32) name(                           \
        const uint8_t* w, long long row_bytes, const int8_t* xq, const float* dx, const int* xsum,      \
        float* y, int n, int k, int rows) {                                                             \
        qmatmul_decode<F>(w, row_bytes, xq, dx, xsum, y, n, k, rows);                                   \
    }

LB_QMM_DECODE(lb_qmatmul_decode_q8_0, FmtQ8_0)
LB_QMM_DECODE(lb_qmatmul_decode_q4_0, FmtQ4_0)
LB_QMM_DECODE(lb_qmatmul_decode_q4_k, FmtQ4_K)
LB_QMM_DECODE(lb_qmatmul_decode_q6_k, FmtQ6_K)
