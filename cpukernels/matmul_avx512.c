/*
 * The CPU backend's matmul in AVX-512, bit for bit the Java path's numerics (see lightbulb_cpu.h for the order).
 *
 * One activation row (decode): each weight row is dequantised in registers straight from its ggml blocks and
 * met with x, the four accumulators in chunk order. Several rows (prefill, batched decode): four weight rows are
 * dequantised once into a thread-local tile (F32 rows are used in place), then a 4 x 4 register block of outputs
 * runs one accumulator phase at a time (accumulator p sees chunks p, p + 4, ... in order, so running the phases
 * one after another changes nothing), with 16 accumulators, 4 weight and 4 activation loads per 16 FMAs. Rows
 * longer than 1024 floats go in k spans of 512, each span meeting every group of activation rows while its
 * weights are in L1; the accumulators wait in memory between spans (1.1-1.7x on the 1B shape's k = 2048 and 5632).
 *
 * Compiled with -ffp-contract=off: a multiply and an add written apart must stay apart (the codecs round the
 * scale product before the FMA).
 */
#include "lightbulb_cpu.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 16

/* ---------------------------------------------------------------- small pieces */

static inline float f16_at(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);   /* f16 -> f32 is exact, as Java's Float.float16ToFloat */
}

static inline __m128i bytes16(const uint8_t *p) { return _mm_loadu_si128((const __m128i *) p); }

/* 16 signed bytes as 16 floats. */
static inline __m512 int8s(__m128i b) { return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(b)); }

static inline __m128i low_nibbles(__m128i b) { return _mm_and_si128(b, _mm_set1_epi8(0x0F)); }

static inline __m128i high_nibbles(__m128i b) { return _mm_and_si128(_mm_srli_epi16(b, 4), _mm_set1_epi8(0x0F)); }

/*
 * 4-bit weights by table lookup: 16 bytes zero-extended to 16 dword indices; vpermps uses the low 4 bits of each,
 * so the low nibbles need no mask and the high nibbles one shift. table[n] is the weight of nibble n, computed
 * once per scale group with the codec's float operations, so each looked-up weight has the codec's bits.
 */
static inline __m512i nibble_indices(const uint8_t *p) { return _mm512_cvtepu8_epi32(bytes16(p)); }

static inline __m512 low_weights(__m512i idx, __m512 table) { return _mm512_permutexvar_ps(idx, table); }

static inline __m512 high_weights(__m512i idx, __m512 table) { return _mm512_permutexvar_ps(_mm512_srli_epi32(idx, 4), table); }

/* 0, 1, ..., 15 and -8, -7, ..., 7 as floats. */
static inline __m512 nibbles(void) { return _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }

static inline __m512 q4_0_values(void) { return _mm512_setr_ps(-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7); }

/* The accumulators added as (0 + 1) + (2 + 3), then the lanes summed left to right from 0. */
static inline float finish(__m512 a0, __m512 a1, __m512 a2, __m512 a3) {
    float lanes[CHUNK];
    _mm512_storeu_ps(lanes, _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
    float sum = 0.0f;
    for (int l = 0; l < CHUNK; l++) sum += lanes[l];
    return sum;
}

/* ggml's get_scale_min_k4: the 6-bit scale and min of Q4_K sub-block j from the 12 packed bytes at s. */
static inline int scale_k4(int j, const uint8_t *s) {
    return j < 4 ? s[j] & 63 : (s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4);
}

static inline int min_k4(int j, const uint8_t *s) {
    return j < 4 ? s[j + 4] & 63 : (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
}

/* Q6_K's 6-bit values of one 16-weight chunk, minus 32: four low bits and two high bits (at `shift` in h). */
static inline __m128i q6_values(__m128i low4, __m128i h, int shift) {
    __m128i high2 = _mm_and_si128(_mm_srl_epi16(h, _mm_cvtsi32_si128(shift)), _mm_set1_epi8(3));
    return _mm_sub_epi8(_mm_or_si128(low4, _mm_slli_epi16(high2, 4)), _mm_set1_epi8(32));
}

/* ---------------------------------------------------------------- one activation row: dots from the blocks */

/* Q8_0: 34-byte blocks, an f16 scale and 32 int8 values; weight = q * d. One block's two chunks. */
static inline void q8_0_block(const uint8_t *b, __m512 v[2]) {
    __m512 d = _mm512_set1_ps(f16_at(b));
    v[0] = _mm512_mul_ps(int8s(bytes16(b + 2)), d);
    v[1] = _mm512_mul_ps(int8s(bytes16(b + 18)), d);
}

/*
 * Q4_0: 18-byte blocks, an f16 scale and 16 bytes; low nibbles are weights 0-15, high nibbles 16-31, minus 8.
 * Weight = (nibble - 8) * d: per block the 16 possible weights are one multiply, then each is a lookup.
 * One block's two chunks; `values` is q4_0_values().
 */
static inline void q4_0_block(const uint8_t *b, __m512 values, __m512 v[2]) {
    __m512 t = _mm512_mul_ps(values, _mm512_set1_ps(f16_at(b)));
    __m512i idx = nibble_indices(b + 2);
    v[0] = low_weights(idx, t);
    v[1] = high_weights(idx, t);
}

/* One block of Q8_0 (34 bytes) or Q4_0 (18 bytes) as its two chunks. */
static inline __attribute__((always_inline)) void block32(const int type, const uint8_t *b, __m512 values, __m512 v[2]) {
    if (type == LB_CPU_Q8_0) q8_0_block(b, v);
    else q4_0_block(b, values, v);
}

/*
 * Q8_0 or Q4_0 row dot: two blocks are one step of the four accumulators; a last lone block puts both its chunks
 * into accumulator 0.
 */
static inline __attribute__((always_inline)) float dot_32(const int type, const uint8_t *w, const float *x, int k) {
    const size_t bytes = type == LB_CPU_Q8_0 ? 34 : 18;
    const __m512 values = q4_0_values();
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 64 <= k; i += 64, w += 2 * bytes) {
        __m512 v[4];
        block32(type, w, values, v);
        block32(type, w + bytes, values, v + 2);
        a0 = _mm512_fmadd_ps(v[0], _mm512_loadu_ps(x + i), a0);
        a1 = _mm512_fmadd_ps(v[1], _mm512_loadu_ps(x + i + 16), a1);
        a2 = _mm512_fmadd_ps(v[2], _mm512_loadu_ps(x + i + 32), a2);
        a3 = _mm512_fmadd_ps(v[3], _mm512_loadu_ps(x + i + 48), a3);
    }
    if (i < k) {
        __m512 v[2];
        block32(type, w, values, v);
        a0 = _mm512_fmadd_ps(v[0], _mm512_loadu_ps(x + i), a0);
        a0 = _mm512_fmadd_ps(v[1], _mm512_loadu_ps(x + i + 16), a0);
    }
    return finish(a0, a1, a2, a3);
}

static float dot_q8_0(const uint8_t *w, const float *x, int k) { return dot_32(LB_CPU_Q8_0, w, x, k); }

static float dot_q4_0(const uint8_t *w, const float *x, int k) { return dot_32(LB_CPU_Q4_0, w, x, k); }

/*
 * Q4_K: 144-byte blocks of 256 weights (f16 d and dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles;
 * per 64 weights the low nibbles of 32 bytes, then their high nibbles). Weight = nibble * (d * scale) - dmin * min,
 * two roundings, as the codec: per 32-weight sub-block the 16 possible weights are computed once (tables[s]),
 * then each weight is a lookup. Each 64 weights are exactly one step of the four accumulators.
 */
static inline void q4_k_tables(const uint8_t *block, __m512 tables[8]) {
    /* the eight 6-bit scales and mins, four at a time in 32-bit words: sub-blocks 0-3 are the low six bits of
       bytes 0-3 (scales) and 4-7 (mins); sub-blocks 4-7 take four bits from bytes 8-11 (scales: low nibble, mins:
       high nibble) and their top two bits from the top two bits of bytes 0-3 (scales) and 4-7 (mins) */
    uint32_t w[3], packed[4];
    memcpy(w, block + 4, 12);
    packed[0] = w[0] & 0x3F3F3F3Fu;                                                   /* scales 0-3 */
    packed[1] = (w[2] & 0x0F0F0F0Fu) | ((w[0] >> 6 & 0x03030303u) << 4);             /* scales 4-7 */
    packed[2] = w[1] & 0x3F3F3F3Fu;                                                   /* mins 0-3 */
    packed[3] = (w[2] >> 4 & 0x0F0F0F0Fu) | ((w[1] >> 6 & 0x03030303u) << 4);        /* mins 4-7 */
    __m512 sm = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *) packed)));
    __m512 dd = _mm512_mask_blend_ps(0x00FF, _mm512_set1_ps(f16_at(block + 2)), _mm512_set1_ps(f16_at(block)));
    float scaled[16];   /* d * scale for sub-blocks 0-7, then dmin * min: the codec's products */
    _mm512_storeu_ps(scaled, _mm512_mul_ps(dd, sm));
    const __m512 n = nibbles();
    for (int s = 0; s < 8; s++) {
        tables[s] = _mm512_sub_ps(_mm512_mul_ps(n, _mm512_set1_ps(scaled[s])), _mm512_set1_ps(scaled[8 + s]));
    }
}

/* The four chunks of weights 64 j .. 64 j + 63 of a block whose tables are t. */
static inline void q4_k_step(const uint8_t *block, const __m512 tables[8], int j, __m512 out[4]) {
    const uint8_t *q = block + 16 + 32 * j;
    __m512i b0 = nibble_indices(q), b1 = nibble_indices(q + 16);
    out[0] = low_weights(b0, tables[2 * j]);
    out[1] = low_weights(b1, tables[2 * j]);
    out[2] = high_weights(b0, tables[2 * j + 1]);
    out[3] = high_weights(b1, tables[2 * j + 1]);
}

static float dot_q4_k(const uint8_t *w, const float *x, int k) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (int i = 0; i < k; i += 256, w += 144) {
        __m512 tables[8];
        q4_k_tables(w, tables);
        for (int j = 0; j < 4; j++) {
            __m512 v[4];
            q4_k_step(w, tables, j, v);
            const float *xs = x + i + 64 * j;
            a0 = _mm512_fmadd_ps(v[0], _mm512_loadu_ps(xs), a0);
            a1 = _mm512_fmadd_ps(v[1], _mm512_loadu_ps(xs + 16), a1);
            a2 = _mm512_fmadd_ps(v[2], _mm512_loadu_ps(xs + 32), a2);
            a3 = _mm512_fmadd_ps(v[3], _mm512_loadu_ps(xs + 48), a3);
        }
    }
    return finish(a0, a1, a2, a3);
}

/*
 * Q6_K: 210-byte blocks of 256 weights (128 bytes of low nibbles, 64 of 2-bit high parts, 16 int8 scales, f16 d).
 * Weight = (6-bit value - 32) * (d * scale), the scale product rounded first. One half block (128 weights) is
 * two steps of the four accumulators; v[c] is its chunk c.
 */
static inline void q6_k_half(const uint8_t *block, int half, __m512 v[8]) {
    float d = f16_at(block + 208);
    const uint8_t *ql = block + 64 * half, *qh = block + 128 + 32 * half;
    const int8_t *sc = (const int8_t *) (block + 192) + 8 * half;
    for (int l = 0; l < 2; l++) {
        __m128i lo = bytes16(ql + 16 * l), hi = bytes16(ql + 32 + 16 * l), h = bytes16(qh + 16 * l);
        v[l] = _mm512_mul_ps(int8s(q6_values(low_nibbles(lo), h, 0)), _mm512_set1_ps(d * (float) sc[l]));
        v[2 + l] = _mm512_mul_ps(int8s(q6_values(low_nibbles(hi), h, 2)), _mm512_set1_ps(d * (float) sc[2 + l]));
        v[4 + l] = _mm512_mul_ps(int8s(q6_values(high_nibbles(lo), h, 4)), _mm512_set1_ps(d * (float) sc[4 + l]));
        v[6 + l] = _mm512_mul_ps(int8s(q6_values(high_nibbles(hi), h, 6)), _mm512_set1_ps(d * (float) sc[6 + l]));
    }
}

static float dot_q6_k(const uint8_t *w, const float *x, int k) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (int i = 0; i < k; i += 256, w += 210) {
        for (int half = 0; half < 2; half++) {
            __m512 v[8];
            q6_k_half(w, half, v);
            const float *xs = x + i + 128 * half;
            a0 = _mm512_fmadd_ps(v[0], _mm512_loadu_ps(xs), a0);
            a1 = _mm512_fmadd_ps(v[1], _mm512_loadu_ps(xs + 16), a1);
            a2 = _mm512_fmadd_ps(v[2], _mm512_loadu_ps(xs + 32), a2);
            a3 = _mm512_fmadd_ps(v[3], _mm512_loadu_ps(xs + 48), a3);
            a0 = _mm512_fmadd_ps(v[4], _mm512_loadu_ps(xs + 64), a0);
            a1 = _mm512_fmadd_ps(v[5], _mm512_loadu_ps(xs + 80), a1);
            a2 = _mm512_fmadd_ps(v[6], _mm512_loadu_ps(xs + 96), a2);
            a3 = _mm512_fmadd_ps(v[7], _mm512_loadu_ps(xs + 112), a3);
        }
    }
    return finish(a0, a1, a2, a3);
}

/* ---------------------------------------------------------------- dequantising a row (the tile of several rows) */

static void decode_row(int type, const uint8_t *w, int k, float *dst) {
    switch (type) {
        case LB_CPU_Q8_0:
        case LB_CPU_Q4_0: {
            const size_t bytes = type == LB_CPU_Q8_0 ? 34 : 18;
            const __m512 values = q4_0_values();
            for (int i = 0; i < k; i += 32, w += bytes) {
                __m512 v[2];
                if (type == LB_CPU_Q8_0) q8_0_block(w, v);
                else q4_0_block(w, values, v);
                _mm512_storeu_ps(dst + i, v[0]);
                _mm512_storeu_ps(dst + i + 16, v[1]);
            }
            break;
        }
        case LB_CPU_Q4_K:
            for (int i = 0; i < k; i += 256, w += 144) {
                __m512 tables[8];
                q4_k_tables(w, tables);
                for (int j = 0; j < 4; j++) {
                    __m512 v[4];
                    q4_k_step(w, tables, j, v);
                    for (int c = 0; c < 4; c++) _mm512_storeu_ps(dst + i + 64 * j + 16 * c, v[c]);
                }
            }
            break;
        case LB_CPU_Q6_K:
            for (int i = 0; i < k; i += 256, w += 210) {
                for (int half = 0; half < 2; half++) {
                    __m512 v[8];
                    q6_k_half(w, half, v);
                    for (int c = 0; c < 8; c++) _mm512_storeu_ps(dst + i + 128 * half + 16 * c, v[c]);
                }
            }
            break;
        default:
            break;
    }
}

/* ---------------------------------------------------------------- several activation rows: the register block */

/* r[l] lane o becomes r[o] lane l (a 16 x 16 transpose in four rounds of shuffles). */
static inline void transpose16(__m512 r[16]) {
    __m512 t[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) {
        __m512d t0 = _mm512_castps_pd(t[4 * i]), t1 = _mm512_castps_pd(t[4 * i + 1]);
        __m512d t2 = _mm512_castps_pd(t[4 * i + 2]), t3 = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 4; j++) {
            t[8 * i + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + j + 4], 0x88);
            t[8 * i + j + 4] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + j + 4], 0xDD);
        }
    }
    for (int j = 0; j < 8; j++) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0x88);
        r[j + 8] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0xDD);
    }
}

/*
 * The register block: outputs y[r * ldy + j] for r < MR activation rows (x, row stride k) and j < NR float weight
 * rows wr[j]; MR and NR are compile-time constants at every call, so the accumulators stay in registers.
 *
 * block_span runs chunks [c0, c1) (c0 a multiple of 4; c1 too, or the last chunk) one accumulator phase at a time
 * and keeps each phase's accumulators in `state` between spans, so k can be cut into spans whose weights and
 * activations stay in L1 while every accumulator still sees its chunks in order. The whole chunks after the last
 * group of four go to accumulator 0 after its group chunks, in the span that reaches them.
 */
typedef struct { __m512 part[4][16]; } block_state;   /* [phase][output r * NR + j] */

static inline __attribute__((always_inline)) void block_span(const int MR, const int NR, const float *const *wr,
                                                             const float *x, int k, int c0, int c1, block_state *state) {
    const int groups = k / 64 * 4;
    const int end = c1 < groups ? c1 : groups;
    for (int p = 0; p < 4; p++) {
        __m512 acc[4][4];
        for (int r = 0; r < MR; r++)
            for (int j = 0; j < NR; j++) acc[r][j] = c0 == 0 ? _mm512_setzero_ps() : state->part[p][r * NR + j];
        for (int c = c0 + p; c < end; c += 4) {
            __m512 wv[4];
            for (int j = 0; j < NR; j++) wv[j] = _mm512_loadu_ps(wr[j] + CHUNK * c);
            for (int r = 0; r < MR; r++) {
                __m512 xv = _mm512_loadu_ps(x + (size_t) r * k + CHUNK * c);
                for (int j = 0; j < NR; j++) acc[r][j] = _mm512_fmadd_ps(wv[j], xv, acc[r][j]);
            }
        }
        if (p == 0) {   /* the whole chunks after the last group of four: accumulator 0, in order */
            for (int c = end > groups ? end : groups; c < c1; c++) {
                for (int r = 0; r < MR; r++) {
                    __m512 xv = _mm512_loadu_ps(x + (size_t) r * k + CHUNK * c);
                    for (int j = 0; j < NR; j++) acc[r][j] = _mm512_fmadd_ps(_mm512_loadu_ps(wr[j] + CHUNK * c), xv, acc[r][j]);
                }
            }
        }
        for (int r = 0; r < MR; r++)
            for (int j = 0; j < NR; j++) state->part[p][r * NR + j] = acc[r][j];
    }
}

/*
 * The outputs from the accumulators: the lanes of all (up to 16) outputs are summed at once; transposed, lane l of
 * every output is one vector, and adding those vectors from 0 in lane order is each output's left-to-right lane
 * sum. Then the elements after the last whole chunk (F32 only).
 */
static inline __attribute__((always_inline)) void block_finish(const int MR, const int NR, const float *const *wr,
                                                               const float *x, int k, const block_state *state,
                                                               float *y, int ldy) {
    const int chunks = k / CHUNK;
    __m512 lanes[16];
    for (int o = 0; o < 16; o++) {
        lanes[o] = o < MR * NR ? _mm512_add_ps(_mm512_add_ps(state->part[0][o], state->part[1][o]),
                                               _mm512_add_ps(state->part[2][o], state->part[3][o]))
                               : _mm512_setzero_ps();
    }
    transpose16(lanes);
    __m512 total = _mm512_setzero_ps();
    for (int l = 0; l < CHUNK; l++) total = _mm512_add_ps(total, lanes[l]);
    float sums[16];
    _mm512_storeu_ps(sums, total);
    for (int r = 0; r < MR; r++) {
        const float *xr = x + (size_t) r * k;
        for (int j = 0; j < NR; j++) {
            float sum = sums[r * NR + j];
            for (int e = CHUNK * chunks; e < k; e++) sum = __builtin_fmaf(wr[j][e], xr[e], sum);
            y[(size_t) r * ldy + j] = sum;
        }
    }
}

typedef void (*span_fn)(const float *const *, const float *, int, int, int, block_state *);
typedef void (*finish_fn)(const float *const *, const float *, int, const block_state *, float *, int);

#define BLOCK_FNS(M, N) \
    static void span_##M##x##N(const float *const *wr, const float *x, int k, int c0, int c1, block_state *s) { \
        block_span(M, N, wr, x, k, c0, c1, s); } \
    static void finish_##M##x##N(const float *const *wr, const float *x, int k, const block_state *s, float *y, int ldy) { \
        block_finish(M, N, wr, x, k, s, y, ldy); }
BLOCK_FNS(1, 1) BLOCK_FNS(1, 2) BLOCK_FNS(1, 3) BLOCK_FNS(1, 4)
BLOCK_FNS(2, 1) BLOCK_FNS(2, 2) BLOCK_FNS(2, 3) BLOCK_FNS(2, 4)
BLOCK_FNS(3, 1) BLOCK_FNS(3, 2) BLOCK_FNS(3, 3) BLOCK_FNS(3, 4)
BLOCK_FNS(4, 1) BLOCK_FNS(4, 2) BLOCK_FNS(4, 3) BLOCK_FNS(4, 4)

#define ROW_OF_FNS(P, M) {P##_##M##x1, P##_##M##x2, P##_##M##x3, P##_##M##x4}
static const span_fn SPANS[4][4] = {ROW_OF_FNS(span, 1), ROW_OF_FNS(span, 2), ROW_OF_FNS(span, 3), ROW_OF_FNS(span, 4)};
static const finish_fn FINISHES[4][4] = {ROW_OF_FNS(finish, 1), ROW_OF_FNS(finish, 2), ROW_OF_FNS(finish, 3),
                                         ROW_OF_FNS(finish, 4)};

/* This thread's tile of four dequantised weight rows, grown as needed and kept (threads are pool workers). */
static __thread float *tile;
static __thread size_t tile_floats;

static float *tile_of(size_t floats) {
    if (tile_floats < floats) {
        free(tile);
        tile = aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64);
        tile_floats = tile ? floats : 0;
    }
    return tile;
}

/* This thread's accumulator states, one per group of four activation rows. */
static __thread block_state *states_buffer;
static __thread size_t states_count;

static block_state *states_of(size_t count) {
    if (states_count < count) {
        free(states_buffer);
        states_buffer = aligned_alloc(64, count * sizeof(block_state));
        states_count = states_buffer ? count : 0;
    }
    return states_buffer;
}

/*
 * Chunks per span: 4 weight rows and 4 activation rows of 512 floats are 16 KiB, which stay in L1 while every
 * group of activation rows passes. A multiple of 4, so each span starts at phase 0. Rows of up to 1024 floats
 * (32 KiB for the 8 rows) fit L1 whole and run as one span: cutting them only adds accumulator traffic (measured
 * 7 % slower batched decode at k = 768).
 */
#define SPAN_CHUNKS 32
#define WHOLE_ROW_CHUNKS 64

/* ---------------------------------------------------------------- entry point */

static int block_size(int type) {
    switch (type) {
        case LB_CPU_F32: return 1;
        case LB_CPU_Q8_0: case LB_CPU_Q4_0: return 32;
        case LB_CPU_Q4_K: case LB_CPU_Q6_K: return 256;
        default: return 0;
    }
}

int lb_cpu_matmul(int type, const void *weights, int64_t row_bytes, int k, const float *x, int rows,
                  float *y, int ldy, int j0, int j1) {
    int bs = block_size(type);
    if (bs == 0 || k <= 0 || k % bs != 0 || rows <= 0 || j0 < 0 || j1 < j0) return -1;
    const uint8_t *w = (const uint8_t *) weights;
    if (rows == 1 && type != LB_CPU_F32) {
        for (int j = j0; j < j1; j++) {
            const uint8_t *row = w + (size_t) j * row_bytes;
            switch (type) {
                case LB_CPU_Q8_0: y[j] = dot_q8_0(row, x, k); break;
                case LB_CPU_Q4_0: y[j] = dot_q4_0(row, x, k); break;
                case LB_CPU_Q4_K: y[j] = dot_q4_k(row, x, k); break;
                default: y[j] = dot_q6_k(row, x, k); break;
            }
        }
        return 0;
    }
    float *t = NULL;
    if (type != LB_CPU_F32 && (t = tile_of((size_t) 4 * k)) == NULL) return -2;
    block_state *states = states_of((rows + 3) / 4);
    if (states == NULL) return -2;
    const int chunks = k / CHUNK;   /* whole chunks; the elements after them are block_finish's */
    const int span = chunks <= WHOLE_ROW_CHUNKS ? chunks : SPAN_CHUNKS;
    for (int j = j0; j < j1; j += 4) {
        int nr = j1 - j < 4 ? j1 - j : 4;
        const float *wr[4];
        for (int n = 0; n < nr; n++) {
            const uint8_t *row = w + (size_t) (j + n) * row_bytes;
            if (type == LB_CPU_F32) {
                wr[n] = (const float *) row;
            } else {
                decode_row(type, row, k, t + (size_t) n * k);
                wr[n] = t + (size_t) n * k;
            }
        }
        /* span by span, every group of four activation rows meets the same weights, still in L1 */
        int c0 = 0;
        do {   /* at least one span, which also zeroes the states when k has no whole chunk */
            int c1 = chunks - c0 <= span ? chunks : c0 + span;
            for (int r = 0; r < rows; r += 4) {
                int mr = rows - r < 4 ? rows - r : 4;
                SPANS[mr - 1][nr - 1](wr, x + (size_t) r * k, k, c0, c1, states + r / 4);
            }
            c0 = c1;
        } while (c0 < chunks);
        for (int r = 0; r < rows; r += 4) {
            int mr = rows - r < 4 ? rows - r : 4;
            FINISHES[mr - 1][nr - 1](wr, x + (size_t) r * k, k, states + r / 4, y + (size_t) r * ldy + j, ldy);
        }
    }
    return 0;
}
