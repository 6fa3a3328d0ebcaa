// Batched sampling: one CTA of SAMPLE_THREADS (512) threads per row of logits [rows, vocab], each row with its own
// parameters and (seed, position). It takes the decisions of the CPU sampler
// (java/.../backend/sampling/Sampler.java) step for step, without sorting the vocabulary:
//  1. z = logits; penalties over the row's distinct previous ids (the host passes each id once):
//     z = z > 0 ? z / rep : z * rep, then z -= presence.
//  2. temperature == 0: greedy = argmax z, lowest index on ties; logprob = z - logsumexp(z) in double.
//  3. else z /= temperature. The CPU sorts by (z descending, index ascending) and keeps a prefix:
//     top-k, then the shortest prefix whose probability reaches top-p, then probabilities >= min-p * the top
//     one; it walks the renormalised cumulative sum to u = Philox4x32-10(seed, position) as a 53-bit double.
//     Here a bound is found first, on the order-preserving integer image of z: for top-k, the 2048-bin radix
//     histogram (two levels of 11 bits) of counts finds the bin holding the k-th largest; for top-p, the same
//     histogram of fixed-point masses finds the bin where the mass from the top reaches top_p + 1e-3; for
//     min-p, max z + log(min_p) - 1e-3. Integer sums make the bound deterministic, the margins make the
//     candidates a superset of the CPU's kept prefix. Every z at or above the bound is compacted as a 64-bit
//     key (z order, then index) and only those candidates are sorted (bitonic). On the sorted candidates the
//     CPU's double-precision loops run verbatim (sums on one thread in its order). The only difference from the CPU
//     is the order in which the mass of the tokens below c (top-k off) is summed, a few ulp of a double:
//     a draw can differ only if u lands within ~1e-15 of a cumulative boundary.
// Work memory per row: sample_work_bytes(vocab) (sample_layout.cuh, shared with the host).
#include "common.cuh"
#include "philox.cuh"
#include "sample_layout.cuh"

#define SAMPLE_SMEM_SORT 2048  // candidates sorted in shared memory up to this many, else in work memory

__device__ __forceinline__ uint32_t order_key(float f) {
    const uint32_t b = __float_as_uint(f);
    return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}
__device__ __forceinline__ float key_value(uint32_t k) {
    return __uint_as_float((k & 0x80000000u) ? (k & 0x7fffffffu) : ~k);
}
// Larger key = earlier in the CPU's order: higher z, then lower index.
__device__ __forceinline__ unsigned long long candidate_key(float z, int i) {
    return ((unsigned long long)order_key(z) << 32) | (0xffffffffu - (uint32_t)i);
}

// The sampler's uniform draw, as Philox4x32.uniform in Java: 53 bits from the first two output words.
__device__ __forceinline__ double philox_uniform53(unsigned long long seed, unsigned long long position) {
    const Philox4 w = philox4x32_10(Philox4{{(uint32_t)position, (uint32_t)(position >> 32), 0u, 0u}},
                                    (uint32_t)seed, (uint32_t)(seed >> 32));
    const unsigned long long bits = ((unsigned long long)w.v[0] << 21) ^ ((unsigned long long)w.v[1] >> 11);
    return (double)(bits & ((1ULL << 53) - 1)) * 0x1.0p-53;
}

#define RADIX_BINS 2048  // 11 bits per level; two levels resolve the top 22 bits of a key
#define MASS_ONE 1099511627776.0  // 2^40: fixed-point scale of exp(z - max z) in the mass histogram

// The lowest key `bound` (low 10 bits zero) such that the summed weight of {key >= bound} reaches target,
// walking a radix histogram of the top 11 bits of the keys, then of the next 11 within the bin found.
// weight(z) is an exact integer, so the result does not depend on the order of the atomic additions.
template <class Weight>
__device__ __forceinline__ uint32_t radix_bound(const float* z, int vocab, Weight weight, unsigned long long target,
                                unsigned long long* hist, uint32_t* s_bin, unsigned long long* s_above) {
    uint32_t prefix = 0;
    unsigned long long above = 0;
    for (int level = 0; level < 2; level++) {
        const int shift = level == 0 ? 21 : 10;
        for (int b = threadIdx.x; b < RADIX_BINS; b += blockDim.x) hist[b] = 0;
        __syncthreads();
        for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
            const uint32_t key = order_key(z[i]);
            if (level == 0 || (key >> 21) == (prefix >> 21)) atomicAdd(&hist[(key >> shift) & (RADIX_BINS - 1)], weight(z[i]));
        }
        __syncthreads();
        if (threadIdx.x == 0) {
            unsigned long long cum = above;
            int bin = 0;
            for (int b = RADIX_BINS - 1; b >= 0; b--) {
                if (cum + hist[b] >= target) { bin = b; break; }
                cum += hist[b];
            }
            *s_bin = (uint32_t)bin;
            *s_above = cum;
        }
        __syncthreads();
        prefix |= *s_bin << shift;
        above = *s_above;
        __syncthreads();
    }
    return prefix;
}

// Sorts a[0..n) descending, n a power of two, by the whole block.
__device__ __forceinline__ void bitonic_sort_desc(unsigned long long* a, int n) {
    for (int k = 2; k <= n; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            for (int i = threadIdx.x; i < n; i += blockDim.x) {
                const int ixj = i ^ j;
                if (ixj > i) {
                    const unsigned long long x = a[i], y = a[ixj];
                    const bool first_half = (i & k) == 0;
                    if (first_half ? x < y : x > y) { a[i] = y; a[ixj] = x; }
                }
            }
            __syncthreads();
        }
    }
}

__device__ __forceinline__ void block_argmax(const float* z, int vocab, float* sv, int* si, float* best_v, int* best_i) {
    float v = -INFINITY;
    int idx = 0x7fffffff;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x)
        if (z[i] > v || idx == 0x7fffffff) { v = z[i]; idx = i; }  // ascending i: ties keep the lowest
    for (int o = 16; o > 0; o >>= 1) {
        const float v2 = __shfl_xor_sync(0xffffffffu, v, o);
        const int i2 = __shfl_xor_sync(0xffffffffu, idx, o);
        if (v2 > v || (v2 == v && i2 < idx)) { v = v2; idx = i2; }
    }
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) { sv[warp] = v; si[warp] = idx; }
    __syncthreads();
    if (threadIdx.x == 0) {
        float bv = sv[0];
        int bi = si[0];
        for (int w = 1; w < (int)(blockDim.x >> 5); w++)
            if (sv[w] > bv || (sv[w] == bv && si[w] < bi)) { bv = sv[w]; bi = si[w]; }
        *best_v = bv;
        *best_i = bi;
    }
    __syncthreads();
}

extern "C" __global__ void __launch_bounds__(SAMPLE_THREADS, 1) lb_sample(
    const float* __restrict__ logits, uint8_t* __restrict__ work, int vocab, const SampleParams* __restrict__ params,
    const int* __restrict__ hist_offsets, const int* __restrict__ hist_ids, int* __restrict__ out_ids,
    float* __restrict__ out_logprobs) {
    __shared__ float scratch[32];
    __shared__ double dscratch[32];
    __shared__ float wv[32];
    __shared__ int wi[32];
    __shared__ float s_best_v;
    __shared__ int s_best_i, s_count;
    __shared__ unsigned long long sorted_smem[SAMPLE_SMEM_SORT];
    const int row = blockIdx.x;
    const SampleParams P = params[row];
    const float* in = logits + (long long)row * vocab;
    uint8_t* w = work + (long long)row * sample_work_bytes(vocab);
    float* z = reinterpret_cast<float*>(w);
    unsigned long long* keys = reinterpret_cast<unsigned long long*>(w + sample_align(4LL * vocab));
    double* prob = reinterpret_cast<double*>(w + sample_align(4LL * vocab) + 8LL * sample_pow2(vocab));

    // 1. processed logits (-0 folds into +0 as in the CPU's sort key; NaN never wins)
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) z[i] = isnan(in[i]) ? -INFINITY : in[i] + 0.0f;
    __syncthreads();
    for (int h = hist_offsets[row] + threadIdx.x; h < hist_offsets[row + 1]; h += blockDim.x) {
        const int id = hist_ids[h];
        float v = z[id];
        v = v > 0.0f ? v / P.repetition_penalty : v * P.repetition_penalty;
        z[id] = v - P.presence_penalty;
    }
    __syncthreads();

    // 2. greedy
    if (P.temperature == 0.0f) {
        block_argmax(z, vocab, wv, wi, &s_best_v, &s_best_i);
        const double zmax = (double)s_best_v;
        double s = 0.0;
        for (int i = threadIdx.x; i < vocab; i += blockDim.x) s += exp((double)z[i] - zmax);
        s = block_sum_double(s, dscratch);
        if (threadIdx.x == 0) {
            out_ids[row] = s_best_i;
            out_logprobs[row] = (float)((double)z[s_best_i] - (zmax + log(s)));
        }
        return;
    }

    // 3. temperature, then the candidate bound c
    float zmax = -INFINITY;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
        z[i] = z[i] / P.temperature;
        zmax = fmaxf(zmax, z[i]);
    }
    zmax = block_max(zmax, scratch);  // its barriers also publish z
    const bool top_k_on = P.top_k > 0 && P.top_k < vocab;
    __shared__ unsigned long long hist[RADIX_BINS];
    __shared__ uint32_t s_bin;
    __shared__ unsigned long long s_above;
    uint32_t bound = 0;  // candidates: order_key(z) >= bound
    if (top_k_on) {
        bound = radix_bound(z, vocab, [](float) { return 1ULL; }, (unsigned long long)P.top_k, hist, &s_bin, &s_above);
    } else {
        if (P.top_p + 1e-3f < 1.0f) {
            auto mass = [zmax](float v) { return (unsigned long long)((double)__expf(v - zmax) * MASS_ONE); };
            unsigned long long total = 0;
            for (int i = threadIdx.x; i < vocab; i += blockDim.x) total += mass(z[i]);
            for (int o = 16; o > 0; o >>= 1) total += __shfl_xor_sync(0xffffffffu, total, o);
            if (threadIdx.x == 0) s_above = 0;
            __syncthreads();
            if ((threadIdx.x & 31) == 0) atomicAdd(&s_above, total);
            __syncthreads();
            const unsigned long long target = (unsigned long long)((double)(P.top_p + 1e-3f) * (double)s_above);
            __syncthreads();
            bound = radix_bound(z, vocab, mass, target, hist, &s_bin, &s_above);
        }
        if (P.min_p > 0.0f) bound = max(bound, order_key(zmax + logf(P.min_p) - 1e-3f));
    }

    // 4. compact candidates as sortable keys, then sort them (CPU order)
    if (threadIdx.x == 0) s_count = 0;
    __syncthreads();
    for (int i = threadIdx.x; i < vocab; i += blockDim.x)
        if (order_key(z[i]) >= bound) keys[atomicAdd(&s_count, 1)] = candidate_key(z[i], i);
    __syncthreads();
    const int count = s_count;
    const int padded = (int)sample_pow2(count);
    unsigned long long* sorted = padded <= SAMPLE_SMEM_SORT ? sorted_smem : keys;
    for (int i = threadIdx.x; i < padded; i += blockDim.x) sorted[i] = i < count ? keys[i] : 0ULL;
    __syncthreads();
    bitonic_sort_desc(sorted, padded);

    // 5. mass below the bound (only when the CPU's first prefix is the whole vocabulary)
    double tail = 0.0;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x)
        if (order_key(z[i]) < bound) tail += exp((double)z[i] - (double)zmax);
    tail = block_sum_double(tail, dscratch);
    if (top_k_on) tail = 0.0;

    // 6. The CPU's loops. The sums run on one thread in the CPU's order; the element-wise divisions,
    //    which do not depend on order, run on all threads.
    __shared__ double s_sum, s_total;
    __shared__ int s_kept;
    const int m = top_k_on ? P.top_k : count;
    for (int i = threadIdx.x; i < m; i += blockDim.x)
        prob[i] = exp((double)key_value((uint32_t)(sorted[i] >> 32)) - (double)zmax);
    __syncthreads();
    if (threadIdx.x == 0) {
        double sum = 0.0;
        for (int i = 0; i < m; i++) sum += prob[i];
        s_sum = sum + tail;
    }
    __syncthreads();
    for (int i = threadIdx.x; i < m; i += blockDim.x) prob[i] /= s_sum;
    __syncthreads();
    if (threadIdx.x == 0) {
        int kept = m;
        if (P.top_p < 1.0f) {
            double cum = 0.0;
            int n = 0;
            while (n < kept) {
                cum += prob[n++];
                if (cum >= (double)P.top_p) break;
            }
            kept = n;
        }
        if (P.min_p > 0.0f) {
            const double floor = (double)P.min_p * prob[0];
            int n = 1;
            while (n < kept && prob[n] >= floor) n++;
            kept = n;
        }
        double total = 0.0;
        for (int i = 0; i < kept; i++) total += prob[i];
        s_kept = kept;
        s_total = total;
    }
    __syncthreads();
    const int kept = s_kept;
    for (int i = threadIdx.x; i < kept; i += blockDim.x) prob[i] /= s_total;  // the renormalised probabilities
    __syncthreads();
    if (threadIdx.x != 0) return;
    const double target = philox_uniform53(P.seed, (unsigned long long)P.position);
    double cum = 0.0;
    int chosen = kept - 1;
    for (int i = 0; i < kept; i++) {
        cum += prob[i];
        if (target < cum) { chosen = i; break; }
    }
    out_ids[row] = (int)(0xffffffffu - (uint32_t)sorted[chosen]);
    out_logprobs[row] = (float)log(prob[chosen]);
}
