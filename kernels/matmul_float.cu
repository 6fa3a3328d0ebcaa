// Matmul with F32 activations, the numerics of the CPU backend: y[rows, n] = x[rows, k] . W^T with W
// dequantised to float32 exactly as ggml does (any supported type) and fp32 products.
// The order of every output element is fixed by k alone: lane l of the warp that owns column j takes the groups
// of 4 consecutive elements 4l, 4l+128, 4l+256, ... (one 32-bit word of a quantised block, 16 bytes of F32, 8 of
// F16/BF16), accumulating them in order with fp32 fma; a fixed xor butterfly then adds the 32 lane sums. So a
// row's result never depends on how many rows the call has, nor on how the work is spread:
//   lb_matmul_<type>       one column per warp (decode: as many warps as columns in flight);
//   lb_matmul_<type>_c4    four columns per warp (prefill, batches): each activation load feeds 4 columns.
// Loads are issued in batches (MMF_INFLIGHT groups per lane before the first use) so that a warp keeps several
// kilobytes of its weight row in flight: one group at a time left decode bound by memory latency, at 9-30 % of
// the copy bandwidth on an H200. Activation rows are taken 8 at a time; W's row is read once per 8 rows.
#include "quant_formats.cuh"

#define MMF_ROWS 8

// Four consecutive weights starting at element e (e % 4 == 0).
struct LoadF32 {
    __device__ static void at4(const uint8_t* r, int e, float (&w)[4]) {
        const float* p = reinterpret_cast<const float*>(r) + e;
        if ((reinterpret_cast<uintptr_t>(p) & 15) == 0) {
            const float4 v = *reinterpret_cast<const float4*>(p);
            w[0] = v.x; w[1] = v.y; w[2] = v.z; w[3] = v.w;
        } else {
            for (int i = 0; i < 4; i++) w[i] = p[i];
        }
    }
    __device__ static float at(const uint8_t* r, int e) { return reinterpret_cast<const float*>(r)[e]; }
};
// Four halves with one 8-byte load where the row allows it (k % 4 == 0), else one at a time.
struct LoadF16 {
    __device__ static void at4(const uint8_t* r, int e, float (&w)[4]) {
        const uint8_t* p = r + 2 * e;
        if ((reinterpret_cast<uintptr_t>(p) & 7) == 0) {
            const uint2 v = *reinterpret_cast<const uint2*>(p);
            const float2 a = __half22float2(*reinterpret_cast<const __half2*>(&v.x));
            const float2 b = __half22float2(*reinterpret_cast<const __half2*>(&v.y));
            w[0] = a.x; w[1] = a.y; w[2] = b.x; w[3] = b.y;
        } else {
            for (int i = 0; i < 4; i++) w[i] = load_f16(p + 2 * i);
        }
    }
    __device__ static float at(const uint8_t* r, int e) { return load_f16(r + 2 * e); }
};
struct LoadBF16 {
    __device__ static void at4(const uint8_t* r, int e, float (&w)[4]) {
        const uint8_t* p = r + 2 * e;
        if ((reinterpret_cast<uintptr_t>(p) & 7) == 0) {
            const uint2 v = *reinterpret_cast<const uint2*>(p);   // bf16 -> f32 is a 16-bit shift: exact
            w[0] = __uint_as_float(v.x << 16); w[1] = __uint_as_float(v.x & 0xFFFF0000u);
            w[2] = __uint_as_float(v.y << 16); w[3] = __uint_as_float(v.y & 0xFFFF0000u);
        } else {
            for (int i = 0; i < 4; i++) w[i] = load_bf16(p + 2 * i);
        }
    }
    __device__ static float at(const uint8_t* r, int e) { return load_bf16(r + 2 * e); }
};
// One word and one set of scales for 4 elements; the same float steps as dequant_element.
template <class F>
struct LoadQuant {
    __device__ static void at4(const uint8_t* r, int e, float (&w)[4]) {
        const int b = e >> 5, in = e & 31;
        const int word = F::word(r, b, in >> 2);
        const SubScales s = F::scales(r, b);
        const float scale = __fmul_rn(s.dw, (float)(in < 16 ? s.s_lo : s.s_hi));
        for (int i = 0; i < 4; i++) {
            const float v = __fmul_rn(scale, (float)(int)(int8_t)(word >> (8 * i)));
            w[i] = F::HAS_MIN ? __fadd_rn(v, s.mw) : v;
        }
    }
    __device__ static float at(const uint8_t* r, int e) { return dequant_element<F>(r, e >> 5, e & 31); }
};

#define MMF_COLS_WIDE 4

template <int COLS>
struct MmfInflight { static constexpr int value = COLS == 1 ? 8 : 2; };  // groups per lane loaded before use

template <class L, int COLS>
__device__ void matmul_float(const uint8_t* __restrict__ w, long long row_bytes, const float* __restrict__ x,
                             float* __restrict__ y, int n, int k, int rows) {
    constexpr int U = MmfInflight<COLS>::value;
    const int j0 = (blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32) * COLS;
    const int lane = threadIdx.x & 31;
    if (j0 >= n) return;
    const uint8_t* wrow[COLS];
#pragma unroll
    for (int c = 0; c < COLS; c++) wrow[c] = w + (long long)min(j0 + c, n - 1) * row_bytes;  // past n: a copy, not stored
    const int k4 = k & ~3;
    for (int r0 = 0; r0 < rows; r0 += MMF_ROWS) {
        float acc[COLS][MMF_ROWS];
#pragma unroll
        for (int c = 0; c < COLS; c++)
#pragma unroll
            for (int r = 0; r < MMF_ROWS; r++) acc[c][r] = 0.0f;
        for (int e0 = 4 * lane; e0 < k4; e0 += 128 * U) {
            float wv[U][COLS][4];
#pragma unroll
            for (int u = 0; u < U; u++)
                if (e0 + 128 * u < k4)
#pragma unroll
                    for (int c = 0; c < COLS; c++) L::at4(wrow[c], e0 + 128 * u, wv[u][c]);
#pragma unroll
            for (int u = 0; u < U; u++) {
                const int e = e0 + 128 * u;
                if (e >= k4) break;
#pragma unroll
                for (int r = 0; r < MMF_ROWS; r++) {
                    if (r0 + r < rows) {
                        const float* xr = x + (long long)(r0 + r) * k + e;
                        float xv[4];
                        if ((reinterpret_cast<uintptr_t>(xr) & 15) == 0) {   // one 16-byte load (k % 4 == 0)
                            const float4 v = *reinterpret_cast<const float4*>(xr);
                            xv[0] = v.x; xv[1] = v.y; xv[2] = v.z; xv[3] = v.w;
                        } else {
#pragma unroll
                            for (int i = 0; i < 4; i++) xv[i] = xr[i];
                        }
#pragma unroll
                        for (int c = 0; c < COLS; c++)
#pragma unroll
                            for (int i = 0; i < 4; i++) acc[c][r] = __fmaf_rn(wv[u][c][i], xv[i], acc[c][r]);
                    }
                }
            }
        }
        if (k4 + lane < k) {  // the last k % 4 elements of F32/F16/BF16 rows, one per lane, after the rest
            const int e = k4 + lane;
#pragma unroll
            for (int c = 0; c < COLS; c++) {
                const float wv = L::at(wrow[c], e);
#pragma unroll
                for (int r = 0; r < MMF_ROWS; r++)
                    if (r0 + r < rows) acc[c][r] = __fmaf_rn(wv, x[(long long)(r0 + r) * k + e], acc[c][r]);
            }
        }
#pragma unroll
        for (int c = 0; c < COLS; c++)
#pragma unroll
            for (int r = 0; r < MMF_ROWS; r++) {
                const float s = warp_sum(acc[c][r]);
                if (lane == 0 && r0 + r < rows && j0 + c < n) y[(long long)(r0 + r) * n + j0 + c] = s;
            }
    }
}

#define LB_MMF(name, L)                                                                                \
    extern "C" __global__ void __launch_bounds__(128) name(const uint8_t* w, long long row_bytes,      \
                                                           const float* x, float* y, int n, int k,     \
                                                           int rows) {                                 \
        matmul_float<L, 1>(w, row_bytes, x, y, n, k, rows);                                             \
    }                                                                                                  \
    extern "C" __global__ void __launch_bounds__(128) name##_c4(const uint8_t* w, long long row_bytes, \
                                                                const float* x, float* y, int n, int k,\
                                                                int rows) {                            \
        matmul_float<L, MMF_COLS_WIDE>(w, row_bytes, x, y, n, k, rows);                                 \
    }

LB_MMF(lb_matmul_f32, LoadF32)
LB_MMF(lb_matmul_f16, LoadF16)
LB_MMF(lb_matmul_bf16, LoadBF16)
LB_MMF(lb_matmul_q8_0, LoadQuant<FmtQ8_0>)
LB_MMF(lb_matmul_q4_0, LoadQuant<FmtQ4_0>)
LB_MMF(lb_matmul_q4_k, LoadQuant<FmtQ4_K>)
LB_MMF(lb_matmul_q6_k, LoadQuant<FmtQ6_K>)
