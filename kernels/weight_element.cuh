// Element e of a weight row in its stored type, dequantised exactly as ggml does: the embedding lookup
// (embedding.cu) and the matmul input gradient (train_matmul.cu) read single elements through these.
#pragma once
#include "quant_formats.cuh"

template <class F>
struct QuantRow {
    __device__ static float at(const uint8_t* row, int e) { return dequant_element<F>(row, e >> 5, e & 31); }
};
struct F32Row { __device__ static float at(const uint8_t* r, int e) { return reinterpret_cast<const float*>(r)[e]; } };
struct F16Row { __device__ static float at(const uint8_t* r, int e) { return load_f16(r + 2 * e); } };
struct BF16Row { __device__ static float at(const uint8_t* r, int e) { return load_bf16(r + 2 * e); } };
