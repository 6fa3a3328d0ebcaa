/*
 * The CPU backend's attention inner loops in AVX-512, bit for bit the Java PagedAttention's arithmetic (see
 * lightbulb_cpu.h). Compiled with -ffp-contract=off: the value sum's multiply and add are two roundings.
 */
#include "lightbulb_cpu.h"

#include <immintrin.h>

/* VectorDot.dot's order: four accumulators over groups of 64, leftover 16s into the first, lanes, then the tail. */
static float dot(const float *a, const float *b, int n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), a0);
        a1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), a1);
        a2 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 32), _mm512_loadu_ps(b + i + 32), a2);
        a3 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 48), _mm512_loadu_ps(b + i + 48), a3);
    }
    for (; i + 16 <= n; i += 16) a0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), a0);
    float lanes[16];
    _mm512_storeu_ps(lanes, _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
    float sum = 0.0f;
    for (int l = 0; l < 16; l++) sum += lanes[l];
    for (; i < n; i++) sum = __builtin_fmaf(a[i], b[i], sum);
    return sum;
}

void lb_cpu_attention_scores(const float *q, const float *key_cache, const int32_t *key_offsets, int keys, int hd,
                             float scale, float *scores) {
    for (int j = 0; j < keys; j++) scores[j] = dot(q, key_cache + key_offsets[j], hd) * scale;
}

void lb_cpu_attention_values(const float *value_cache, const int32_t *key_offsets, const float *weights, int keys,
                             int hd, float *out) {
    for (int i = 0; i < hd; i += 64) {   /* up to four 16-element slices of the head at once, keys in order */
        int left = hd - i;
        __mmask16 m0 = left >= 16 ? 0xFFFF : (__mmask16) ((1u << left) - 1);
        __mmask16 m1 = left >= 32 ? 0xFFFF : left > 16 ? (__mmask16) ((1u << (left - 16)) - 1) : 0;
        __mmask16 m2 = left >= 48 ? 0xFFFF : left > 32 ? (__mmask16) ((1u << (left - 32)) - 1) : 0;
        __mmask16 m3 = left >= 64 ? 0xFFFF : left > 48 ? (__mmask16) ((1u << (left - 48)) - 1) : 0;
        __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
        for (int j = 0; j < keys; j++) {
            const float *v = value_cache + key_offsets[j] + i;
            __m512 wj = _mm512_set1_ps(weights[j]);
            c0 = _mm512_add_ps(c0, _mm512_mul_ps(_mm512_maskz_loadu_ps(m0, v), wj));
            if (m1) c1 = _mm512_add_ps(c1, _mm512_mul_ps(_mm512_maskz_loadu_ps(m1, v + 16), wj));
            if (m2) c2 = _mm512_add_ps(c2, _mm512_mul_ps(_mm512_maskz_loadu_ps(m2, v + 32), wj));
            if (m3) c3 = _mm512_add_ps(c3, _mm512_mul_ps(_mm512_maskz_loadu_ps(m3, v + 48), wj));
        }
        _mm512_mask_storeu_ps(out + i, m0, c0);
        if (m1) _mm512_mask_storeu_ps(out + i + 16, m1, c1);
        if (m2) _mm512_mask_storeu_ps(out + i + 32, m2, c2);
        if (m3) _mm512_mask_storeu_ps(out + i + 48, m3, c3);
    }
}
