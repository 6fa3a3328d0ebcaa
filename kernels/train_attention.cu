// Causal attention over packed sequences for training (the TrainingOps contract; CPU reference PackedAttention).
// q, out, d_out, dq [rows, heads, head_dim]; k, v, dk, dv [rows, kv_heads, head_dim]; lse, delta [rows, heads].
// Row r sees rows lo(r)..r, lo(r) = max(doc_starts[r], r - window + 1) (window 0: no window); query head h reads
// kv head h / (heads / kv_heads). One warp per output (row, head) or (key row, kv head); a score is one lane's
// sequential fp32 fma dot product over head_dim. Every output element is summed by one lane in one fixed order:
//   lb_train_attention_forward       out = sum_j (e_j / L) v_j over keys ascending, lse = M + log L, with M the
//                                    row's largest score and L = sum_j e_j, e_j = exp(s_j - M) (lane sums, then a
//                                    fixed butterfly)
//   lb_train_attention_backward_dq   delta = dOut . out, ds_j = p_j (dOut . v_j - delta), p_j = exp(s_j - lse);
//                                    dq = scale sum_j ds_j k_j, keys ascending; writes delta for the next kernel
//   lb_train_attention_backward_dkv  dk = scale sum ds q_r, dv = sum p dOut_r over the group's query heads
//                                    ascending and, within a head, the rows r that see the key ascending
// (the CPU reference's orders for dq, dk and dv). lb_train_check_doc_starts flags the first row whose doc_starts
// entry neither starts a document nor continues the previous row's; the kernels clamp bad entries to stay in bounds.
#include "common.cuh"

#define TATT_MAX_HEAD_DIM 256
#define TATT_DPL (TATT_MAX_HEAD_DIM / 32)  // output dims per lane: d = lane + 32 i

// *bad_row starts at INT_MAX; atomicMin keeps the first bad row whatever the order (an integer: deterministic).
extern "C" __global__ void lb_train_check_doc_starts(const int* __restrict__ doc_starts, int rows, int* __restrict__ bad_row) {
    const int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    const int s = doc_starts[r];
    if (s != r && (r == 0 || s != doc_starts[r - 1])) atomicMin(bad_row, r);
}

__device__ __forceinline__ int first_visible(const int* doc_starts, int r, int window) {
    const int s = min(max(doc_starts[r], 0), r);
    return window > 0 ? max(s, r - window + 1) : s;
}

__device__ __forceinline__ float dot_rows(const float* __restrict__ a, const float* __restrict__ b, int n) {
    float d = 0.0f;
    for (int e = 0; e < n; e++) d = __fmaf_rn(a[e], b[e], d);
    return d;
}

// exp in double of a float difference, rounded to float (the CPU's (float) Math.exp(a - b)).
__device__ __forceinline__ float exp_diff(float a, float b) {
    return (float)exp((double)__fsub_rn(a, b));
}

extern "C" __global__ void __launch_bounds__(32) lb_train_attention_forward(
    const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
    const int* __restrict__ doc_starts, float* __restrict__ out, float* __restrict__ lse, int heads, int kv_heads,
    int head_dim, float scale, int window) {
    __shared__ float qs[TATT_MAX_HEAD_DIM];
    const int row = blockIdx.x, head = blockIdx.y, lane = threadIdx.x;
    const int kv_dim = kv_heads * head_dim;
    const long long kv_off = (long long)(head / (heads / kv_heads)) * head_dim;
    const long long q_off = ((long long)row * heads + head) * head_dim;
    const int lo = first_visible(doc_starts, row, window);
    for (int d = lane; d < head_dim; d += 32) qs[d] = q[q_off + d];
    __syncwarp();
    // Pass 1: each lane's running max and sum of exponentials over its keys lo + lane, lo + lane + 32, ...
    float m = -INFINITY, l = 0.0f;
    for (int j = lo + lane; j <= row; j += 32) {
        const float s = __fmul_rn(dot_rows(qs, k + (long long)j * kv_dim + kv_off, head_dim), scale);
        if (s > m) {
            l = __fadd_rn(__fmul_rn(l, exp_diff(m, s)), 1.0f);
            m = s;
        } else {
            l = __fadd_rn(l, exp_diff(s, m));
        }
    }
    const float mx = warp_max(m);
    const float total = warp_sum(m == -INFINITY ? 0.0f : __fmul_rn(l, exp_diff(m, mx)));
    const float inv = __frcp_rn(total);
    // Pass 2: out = sum_j (e_j * inv) v_j, keys ascending, 32 at a time (lane t scores key t0 + t).
    float acc[TATT_DPL] = {};
    for (int t0 = lo; t0 <= row; t0 += 32) {
        const int j = t0 + lane;
        float w = 0.0f;
        if (j <= row) w = __fmul_rn(exp_diff(__fmul_rn(dot_rows(qs, k + (long long)j * kv_dim + kv_off, head_dim), scale), mx), inv);
        const int tile = min(32, row - t0 + 1);
        for (int t = 0; t < tile; t++) {
            const float wt = __shfl_sync(0xffffffffu, w, t);
            const float* vr = v + (long long)(t0 + t) * kv_dim + kv_off;
#pragma unroll
            for (int i = 0; i < TATT_DPL; i++) {
                const int d = lane + 32 * i;
                if (d < head_dim) acc[i] = __fmaf_rn(vr[d], wt, acc[i]);
            }
        }
    }
#pragma unroll
    for (int i = 0; i < TATT_DPL; i++) {
        const int d = lane + 32 * i;
        if (d < head_dim) out[q_off + d] = acc[i];
    }
    if (lane == 0) lse[(long long)row * heads + head] = __fadd_rn(mx, (float)log((double)total));
}

extern "C" __global__ void __launch_bounds__(32) lb_train_attention_backward_dq(
    const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
    const float* __restrict__ out, const float* __restrict__ lse, const float* __restrict__ d_out,
    const int* __restrict__ doc_starts, float* __restrict__ dq, float* __restrict__ delta, int heads, int kv_heads,
    int head_dim, float scale, int window) {
    __shared__ float qs[TATT_MAX_HEAD_DIM], dos[TATT_MAX_HEAD_DIM];
    const int row = blockIdx.x, head = blockIdx.y, lane = threadIdx.x;
    const int kv_dim = kv_heads * head_dim;
    const long long kv_off = (long long)(head / (heads / kv_heads)) * head_dim;
    const long long t_idx = (long long)row * heads + head, q_off = t_idx * head_dim;
    const int lo = first_visible(doc_starts, row, window);
    float dd = 0.0f;
    for (int d = lane; d < head_dim; d += 32) {
        qs[d] = q[q_off + d];
        dos[d] = d_out[q_off + d];
        dd = __fmaf_rn(dos[d], out[q_off + d], dd);
    }
    const float D = warp_sum(dd);  // also orders the shared writes before the reads below
    __syncwarp();
    const float L = lse[t_idx];
    float acc[TATT_DPL] = {};
    for (int t0 = lo; t0 <= row; t0 += 32) {
        const int j = t0 + lane;
        float ds = 0.0f;
        if (j <= row) {
            const float p = exp_diff(__fmul_rn(dot_rows(qs, k + (long long)j * kv_dim + kv_off, head_dim), scale), L);
            ds = __fmul_rn(__fmul_rn(p, __fsub_rn(dot_rows(dos, v + (long long)j * kv_dim + kv_off, head_dim), D)), scale);
        }
        const int tile = min(32, row - t0 + 1);
        for (int t = 0; t < tile; t++) {
            const float dst = __shfl_sync(0xffffffffu, ds, t);
            const float* kr = k + (long long)(t0 + t) * kv_dim + kv_off;
#pragma unroll
            for (int i = 0; i < TATT_DPL; i++) {
                const int d = lane + 32 * i;
                if (d < head_dim) acc[i] = __fmaf_rn(kr[d], dst, acc[i]);
            }
        }
    }
#pragma unroll
    for (int i = 0; i < TATT_DPL; i++) {
        const int d = lane + 32 * i;
        if (d < head_dim) dq[q_off + d] = acc[i];
    }
    if (lane == 0) delta[t_idx] = D;
}

extern "C" __global__ void __launch_bounds__(32) lb_train_attention_backward_dkv(
    const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
    const float* __restrict__ lse, const float* __restrict__ delta, const float* __restrict__ d_out,
    const int* __restrict__ doc_starts, float* __restrict__ dk, float* __restrict__ dv, int rows, int heads,
    int kv_heads, int head_dim, float scale, int window) {
    __shared__ float ks[TATT_MAX_HEAD_DIM], vs[TATT_MAX_HEAD_DIM];
    const int key = blockIdx.x, g = blockIdx.y, lane = threadIdx.x, group = heads / kv_heads;
    const long long kv_off = ((long long)key * kv_heads + g) * head_dim;
    for (int d = lane; d < head_dim; d += 32) {
        ks[d] = k[kv_off + d];
        vs[d] = v[kv_off + d];
    }
    __syncwarp();
    float acc_k[TATT_DPL] = {}, acc_v[TATT_DPL] = {};
    for (int h = g * group; h < (g + 1) * group; h++) {
        // the rows that see this key: key, key + 1, ... while in its document and its window (a prefix)
        for (int r0 = key; r0 < rows; r0 += 32) {
            const int r = r0 + lane;
            const bool sees = r < rows && doc_starts[r] <= key && (window == 0 || r - key < window);
            const unsigned seen = __ballot_sync(0xffffffffu, sees);
            if (!(seen & 1u)) break;
            float p = 0.0f, ds = 0.0f;
            if (sees) {
                const long long t_idx = (long long)r * heads + h;
                const float* qr = q + t_idx * head_dim;
                p = exp_diff(__fmul_rn(dot_rows(qr, ks, head_dim), scale), lse[t_idx]);
                ds = __fmul_rn(__fmul_rn(p, __fsub_rn(dot_rows(d_out + t_idx * head_dim, vs, head_dim), delta[t_idx])), scale);
            }
            const int count = __popc(seen);
            for (int t = 0; t < count; t++) {
                const float dst = __shfl_sync(0xffffffffu, ds, t), pt = __shfl_sync(0xffffffffu, p, t);
                const long long o = ((long long)(r0 + t) * heads + h) * head_dim;
#pragma unroll
                for (int i = 0; i < TATT_DPL; i++) {
                    const int d = lane + 32 * i;
                    if (d < head_dim) {
                        acc_k[i] = __fmaf_rn(q[o + d], dst, acc_k[i]);
                        acc_v[i] = __fmaf_rn(d_out[o + d], pt, acc_v[i]);
                    }
                }
            }
            if (seen != 0xffffffffu) break;
        }
    }
#pragma unroll
    for (int i = 0; i < TATT_DPL; i++) {
        const int d = lane + 32 * i;
        if (d < head_dim) {
            dk[kv_off + d] = acc_k[i];
            dv[kv_off + d] = acc_v[i];
        }
    }
}
