// Quantised matmul, batched path (9..512 activation rows): int8 tensor-core tiles. A CTA of one warp
// covers 16 output columns (the mma's M side is W's rows) x 32 activation rows (4 mma tiles of 8 on the
// N side). Its 16 weight rows are staged chunk by chunk (QMM_CHUNK_BLOCKS blocks) into shared memory with
// cp.async, QMM_MMA_STAGES chunks deep, so three chunks load while one is multiplied. (The first H200 run
// had 4 warps and 64 columns per CTA, double-buffered: 64 CTAs for a 4096-column matrix left half the SMs
// idle and the rest waiting on memory, ~70 us flat from 16 to 64 rows.)
// Weights are unpacked to int8 in registers (quant_formats.cuh), each 32-element block is two
// m16n8k16 s8 mma (low and high 16 elements, so Q6_K's two sub-scales stay exact), and the int32 block
// sums are folded in qmatmul_order.cuh's order: bit-identical to the decode kernel for every row.
#include "qmatmul_order.cuh"
#include "staging.cuh"

#define QMM_MMA_WARPS 1
#define QMM_MMA_NTILES 4  // activation rows per warp = 8 * QMM_MMA_NTILES
#define QMM_MMA_ROWS (QMM_MMA_WARPS * 16)   // W rows (output columns) per CTA
#define QMM_MMA_STAGES 4
// Shared bytes per staged weight row and chunk: the widest chunk is Q8_0's 8 x 34 bytes.
#define QMM_MMA_ROW_STAGE STAGE_BYTES(QMM_CHUNK_BLOCKS * 34)

// Queues the cp.async copies of chunk [b0, b1) of the CTA's weight rows into one stage buffer.
template <class F>
__device__ __forceinline__ void stage_chunk(uint8_t (*buf)[QMM_MMA_ROW_STAGE], const uint8_t* w, long long row_bytes,
                                            int cta_col0, int n, int b0, int b1) {
    constexpr int MAXP = QMM_MMA_ROW_STAGE / 16;
    const long long begin = block_byte<F>(b0), end = block_byte<F>(b1);
    for (int t = threadIdx.x; t < QMM_MMA_ROWS * MAXP; t += blockDim.x) {
        const int r = t / MAXP, p = t % MAXP;
        const uint8_t* grow = w + (long long)min(cta_col0 + r, n - 1) * row_bytes;
        if (p < window_pieces(grow, begin, end)) cp_async16(&buf[r][16 * p], window_source(grow, begin) + 16 * p);
    }
    cp_async_commit();
}

// D = A(16x16 s8, row) * B(16x8 s8, col), fresh int32 accumulators.
__device__ __forceinline__ void mma_s8_16x8x16(int (&d)[4], int a0, int a1, int b0) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5}, {%6}, {%7,%7,%7,%7};\n"
        : "=r"(d[0]), "=r"(d[1]), "=r"(d[2]), "=r"(d[3])
        : "r"(a0), "r"(a1), "r"(b0), "r"(0));
}

template <class F>
__device__ void qmatmul_mma(const uint8_t* __restrict__ w, long long row_bytes, const int8_t* __restrict__ xq,
                            const float* __restrict__ dx, const int* __restrict__ xsum, float* __restrict__ y,
                            int n, int k, int rows) {
    __shared__ __align__(16) uint8_t stage[QMM_MMA_STAGES][QMM_MMA_ROWS][QMM_MMA_ROW_STAGE];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int g = lane >> 2, t = lane & 3;  // mma fragment coordinates: group and thread-in-group
    const int cta_col0 = blockIdx.x * QMM_MMA_ROWS;
    const int col0 = cta_col0 + warp * 16;                     // first output column (W row) of this warp
    const int row0 = blockIdx.y * (8 * QMM_MMA_NTILES);        // first activation row of this CTA
    const int nb = k / 32;
    const int nchunks = (nb + QMM_CHUNK_BLOCKS - 1) / QMM_CHUNK_BLOCKS;
    // This thread's two W rows (A fragment rows g and g+8), clamped past the edge; their global bases
    // give the alignment of the staged copies.
    const int ra = warp * 16 + g, rb = ra + 8;
    const uint8_t* ga = w + (long long)min(col0 + g, n - 1) * row_bytes;
    const uint8_t* gb = w + (long long)min(col0 + g + 8, n - 1) * row_bytes;
    // Activation rows this thread feeds into B (column g of each tile) and reads scales for
    // (C columns 2t, 2t+1 of each tile).
    int brow[QMM_MMA_NTILES], crow[QMM_MMA_NTILES][2];
#pragma unroll
    for (int nt = 0; nt < QMM_MMA_NTILES; nt++) {
        brow[nt] = min(row0 + 8 * nt + g, rows - 1);
        crow[nt][0] = min(row0 + 8 * nt + 2 * t, rows - 1);
        crow[nt][1] = min(row0 + 8 * nt + 2 * t + 1, rows - 1);
    }
    // total/acc[nt][e]: e = 0,1 -> W row g, activation rows 2t, 2t+1; e = 2,3 -> W row g+8.
    float total[QMM_MMA_NTILES][4] = {};
    // Chunk c goes to stage c % QMM_MMA_STAGES; one cp.async group per chunk (empty past the end, so the wait
    // count stays uniform).
    auto issue = [&](int c) {
        if (c < nchunks) {
            const int b0 = c * QMM_CHUNK_BLOCKS;
            stage_chunk<F>(stage[c % QMM_MMA_STAGES], w, row_bytes, cta_col0, n, b0, min(nb, b0 + QMM_CHUNK_BLOCKS));
        } else {
            cp_async_commit();
        }
    };
#pragma unroll
    for (int c = 0; c < QMM_MMA_STAGES - 1; c++) issue(c);
    for (int ci = 0; ci < nchunks; ci++) {
        const int c0 = ci * QMM_CHUNK_BLOCKS, b_end = min(nb, c0 + QMM_CHUNK_BLOCKS);
        // its stage was last read in iteration ci - 1, which ended with a barrier
        issue(ci + QMM_MMA_STAGES - 1);
        cp_async_wait<QMM_MMA_STAGES - 1>();   // chunk ci's copies are done (later ones may be in flight)
        __syncthreads();
        const long long begin = block_byte<F>(c0);
        const uint8_t* wa = rebased(stage[ci % QMM_MMA_STAGES][ra], ga, begin);
        const uint8_t* wb = rebased(stage[ci % QMM_MMA_STAGES][rb], gb, begin);
        float acc[QMM_MMA_NTILES][4] = {};
        for (int b = c0; b < b_end; b++) {
            const int a_lo0 = F::word(wa, b, t), a_lo1 = F::word(wb, b, t);
            const int a_hi0 = F::word(wa, b, 4 + t), a_hi1 = F::word(wb, b, 4 + t);
            const SubScales sa = F::scales(wa, b), sb = F::scales(wb, b);
#pragma unroll
            for (int nt = 0; nt < QMM_MMA_NTILES; nt++) {
                const int* xw = reinterpret_cast<const int*>(xq + (long long)brow[nt] * k + 32 * b);
                int lo[4], hi[4];
                mma_s8_16x8x16(lo, a_lo0, a_lo1, xw[t]);
                mma_s8_16x8x16(hi, a_hi0, a_hi1, xw[4 + t]);
#pragma unroll
                for (int e = 0; e < 4; e++) {
                    const long long xb = (long long)crow[nt][e & 1] * nb + b;
                    acc[nt][e] = qmm_block_term<F>(acc[nt][e], e < 2 ? sa : sb, dx[xb], lo[e], hi[e],
                                                   F::HAS_MIN ? xsum[xb] : 0);
                }
            }
        }
#pragma unroll
        for (int nt = 0; nt < QMM_MMA_NTILES; nt++)
#pragma unroll
            for (int e = 0; e < 4; e++) total[nt][e] = __fadd_rn(total[nt][e], acc[nt][e]);
        __syncthreads();  // every warp is done with this buffer before it is refilled
    }
#pragma unroll
    for (int nt = 0; nt < QMM_MMA_NTILES; nt++) {
#pragma unroll
        for (int e = 0; e < 4; e++) {
            const int col = col0 + g + (e < 2 ? 0 : 8);
            const int row = row0 + 8 * nt + 2 * t + (e & 1);
            if (col < n && row < rows) y[(long long)row * n + col] = total[nt][e];
        }
    }
}

#define LB_QMM_MMA(name, F)                                                                            \
    extern "C" __global__ void __launch_bounds__(QMM_MMA_WARPS * 32) name(                               \
        const uint8_t* w, long long row_bytes, const int8_t* xq, const float* dx, const int* xsum,      \
        float* y, int n, int k, int rows) {                                                             \
        qmatmul_mma<F>(w, row_bytes, xq, dx, xsum, y, n, k, rows);                                      \
    }

LB_QMM_MMA(lb_qmatmul_mma_q8_0, FmtQ8_0)
LB_QMM_MMA(lb_qmatmul_mma_q4_0, FmtQ4_0)
LB_QMM_MMA(lb_qmatmul_mma_q4_k, FmtQ4_K)
LB_QMM_MMA(lb_qmatmul_mma_q6_k, FmtQ6_K)
