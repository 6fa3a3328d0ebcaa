// Embedding lookup: out[r, :] = dequantised row ids[r] of a table stored in its ggml type.
// One CTA per output row; a bad id (outside [0, vocab)) writes NaN and stores the id in *bad_id so the
// host can report it.
#include "weight_element.cuh"

template <class R>
__device__ void embedding(const uint8_t* __restrict__ table, long long row_bytes, int vocab,
                          const int* __restrict__ ids, float* __restrict__ out, int dim, int* __restrict__ bad_id) {
    const int id = ids[blockIdx.x];
    if ((id < 0 || id >= vocab) && threadIdx.x == 0) *bad_id = id;
    float* o = out + (long long)blockIdx.x * dim;
    const bool ok = id >= 0 && id < vocab;
    const uint8_t* row = table + (long long)(ok ? id : 0) * row_bytes;
    for (int e = threadIdx.x; e < dim; e += blockDim.x) o[e] = ok ? R::at(row, e) : __int_as_float(0x7fc00000);
}

#define LB_EMB(name, R)                                                                                 \
    extern "C" __global__ void name(const uint8_t* table, long long row_bytes, int vocab, const int* ids, \
                                    float* out, int dim, int* bad_id) {                                  \
        embedding<R>(table, row_bytes, vocab, ids, out, dim, bad_id);                                     \
    }

LB_EMB(lb_embedding_f32, F32Row)
LB_EMB(lb_embedding_f16, F16Row)
LB_EMB(lb_embedding_bf16, BF16Row)
LB_EMB(lb_embedding_q8_0, QuantRow<FmtQ8_0>)
LB_EMB(lb_embedding_q4_0, QuantRow<FmtQ4_0>)
LB_EMB(lb_embedding_q4_k, QuantRow<FmtQ4_K>)
LB_EMB(lb_embedding_q6_k, QuantRow<FmtQ6_K>)
