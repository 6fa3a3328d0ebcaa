/*
 * lightbulb's native CPU kernels (x86-64, AVX-512): the CPU backend's matmul, bit for bit.
 *
 * Every output element is the Java reference's dot product (backend/cpu/VectorDot.dot): weights dequantised to
 * float exactly as the ggml codecs do, four 16-lane FMA accumulators (16-weight chunk c goes to accumulator c % 4,
 * except the whole chunks after the last group of four, which all go to accumulator 0), the accumulators added as
 * (0 + 1) + (2 + 3), the 16 lanes summed left to right from 0, then the elements after the last whole chunk
 * fused-multiply-added in order. So the Java and native paths give the same bits, and a result never depends on
 * the batch, the tile or the thread that computed it.
 */
#ifndef LIGHTBULB_CPU_H
#define LIGHTBULB_CPU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(LIGHTBULB_CPU_BUILD)
#define LB_CPU_API __attribute__((visibility("default")))   /* the library hides everything else */
#else
#define LB_CPU_API
#endif

/* Weight types, by their ggml type ids. */
enum { LB_CPU_F32 = 0, LB_CPU_Q4_0 = 2, LB_CPU_Q8_0 = 8, LB_CPU_Q4_K = 12, LB_CPU_Q6_K = 14 };

/* 1 when this CPU runs these kernels (AVX-512 F and BW, F16C, FMA), else 0. */
LB_CPU_API int lb_cpu_available(void);

/* The version of this interface; the Java binding refuses a library of another. */
LB_CPU_API int lb_cpu_abi_version(void);

/*
 * y[r * ldy + j] = dot(weight row j, x[r * k .. r * k + k)) for r in [0, rows) and j in [j0, j1).
 * w: the weight matrix, row j at byte j * row_bytes (ggml layout of `type`); k: weights per row (a multiple of
 * the type's block size). Returns 0, or -1 for a type or k these kernels do not take (nothing written then).
 */
LB_CPU_API int lb_cpu_matmul(int type, const void *w, int64_t row_bytes, int k, const float *x, int rows,
                  float *y, int ldy, int j0, int j1);

/*
 * Attention of one query over its visible keys (the key and value rows start at key_offsets[j] floats into the
 * caches): scores[j] = dot(q, key j) * scale, the dot in the order above over hd elements; and
 * out[e] = sum over j in order of round(value_j[e] * weights[j]), each step a rounded multiply then a rounded add
 * from 0 (the Java PagedAttention's arithmetic). The softmax between the two stays in Java (its exp).
 */
LB_CPU_API void lb_cpu_attention_scores(const float *q, const float *key_cache, const int32_t *key_offsets, int keys,
                                        int hd, float scale, float *scores);
LB_CPU_API void lb_cpu_attention_values(const float *value_cache, const int32_t *key_offsets, const float *weights,
                                        int keys, int hd, float *out);

#ifdef __cplusplus
}
#endif
#endif
