// Gradients of the matmul y[rows, n] = x[rows, k] . W^T (W: n rows of k, any stored type), for training:
//   lb_train_matmul_input_grad_<type>  dx[r, i] (+)= sum_j dy[r, j] * W[j, i]   (W dequantised as the forward does)
//   lb_train_matmul_weight_grad        dw[j, i] += sum_r dy[r, j] * x[r, i]     (F32)
//   lb_train_bias_grad                 db[i]    += sum_r dy[r, i]
// Every output element is owned by one thread, which folds its terms in ascending order with one fp32 fma (or
// add) per term starting from the old value (or 0): the order of the CPU reference (MatmulGradients), so the
// result is fixed by the shapes alone, with no atomics, and bit-reproducible from run to run.
// Launch: block 128 threads over consecutive columns i; grid.x = ceil(k / 128) (ceil(n / 128) for the bias),
// grid.y = ceil(rows / TMM_ROWS) for the input gradient, ceil(n / TMM_ROWS) for the weight gradient.
#include "weight_element.cuh"

#define TMM_THREADS 128
#define TMM_ROWS 16  // output rows a thread keeps in registers: W (or x) is read once per this many rows

template <class R>
__device__ void matmul_input_grad(const uint8_t* __restrict__ w, long long row_bytes, const float* __restrict__ dy,
                                  float* __restrict__ dx, int n, int k, int rows, int accumulate) {
    const int i = blockIdx.x * TMM_THREADS + threadIdx.x, r0 = blockIdx.y * TMM_ROWS;
    if (i >= k) return;
    const int count = min(TMM_ROWS, rows - r0);
    float acc[TMM_ROWS];
#pragma unroll
    for (int r = 0; r < TMM_ROWS; r++) acc[r] = accumulate && r < count ? dx[(long long)(r0 + r) * k + i] : 0.0f;
    for (int j = 0; j < n; j++) {
        const float wv = R::at(w + (long long)j * row_bytes, i);
#pragma unroll
        for (int r = 0; r < TMM_ROWS; r++)
            if (r < count) acc[r] = __fmaf_rn(wv, dy[(long long)(r0 + r) * n + j], acc[r]);
    }
#pragma unroll
    for (int r = 0; r < TMM_ROWS; r++)
        if (r < count) dx[(long long)(r0 + r) * k + i] = acc[r];
}

#define LB_TRAIN_MIG(name, R)                                                                                   \
    extern "C" __global__ void __launch_bounds__(TMM_THREADS) name(const uint8_t* w, long long row_bytes,         \
                                                                   const float* dy, float* dx, int n, int k,    \
                                                                   int rows, int accumulate) {                  \
        matmul_input_grad<R>(w, row_bytes, dy, dx, n, k, rows, accumulate);                                     \
    }

LB_TRAIN_MIG(lb_train_matmul_input_grad_f32, F32Row)
LB_TRAIN_MIG(lb_train_matmul_input_grad_f16, F16Row)
LB_TRAIN_MIG(lb_train_matmul_input_grad_bf16, BF16Row)
LB_TRAIN_MIG(lb_train_matmul_input_grad_q8_0, QuantRow<FmtQ8_0>)
LB_TRAIN_MIG(lb_train_matmul_input_grad_q4_0, QuantRow<FmtQ4_0>)
LB_TRAIN_MIG(lb_train_matmul_input_grad_q4_k, QuantRow<FmtQ4_K>)
LB_TRAIN_MIG(lb_train_matmul_input_grad_q6_k, QuantRow<FmtQ6_K>)

// dw [n, k] += dy[rows, n]^T . x[rows, k]; thread (i, j0..j0+TMM_ROWS) walks the batch rows in order.
extern "C" __global__ void __launch_bounds__(TMM_THREADS) lb_train_matmul_weight_grad(
    const float* __restrict__ dy, const float* __restrict__ x, float* __restrict__ dw, int n, int k, int rows) {
    const int i = blockIdx.x * TMM_THREADS + threadIdx.x, j0 = blockIdx.y * TMM_ROWS;
    if (i >= k) return;
    const int count = min(TMM_ROWS, n - j0);
    float acc[TMM_ROWS];
#pragma unroll
    for (int j = 0; j < TMM_ROWS; j++) acc[j] = j < count ? dw[(long long)(j0 + j) * k + i] : 0.0f;
    for (int r = 0; r < rows; r++) {
        const float xv = x[(long long)r * k + i];
        const float* dyr = dy + (long long)r * n + j0;
#pragma unroll
        for (int j = 0; j < TMM_ROWS; j++)
            if (j < count) acc[j] = __fmaf_rn(xv, dyr[j], acc[j]);
    }
#pragma unroll
    for (int j = 0; j < TMM_ROWS; j++)
        if (j < count) dw[(long long)(j0 + j) * k + i] = acc[j];
}

extern "C" __global__ void __launch_bounds__(TMM_THREADS) lb_train_bias_grad(const float* __restrict__ dy,
                                                                              float* __restrict__ dbias, int n, int rows) {
    const int i = blockIdx.x * TMM_THREADS + threadIdx.x;
    if (i >= n) return;
    float acc = dbias[i];
    for (int r = 0; r < rows; r++) acc = __fadd_rn(acc, dy[(long long)r * n + i]);
    dbias[i] = acc;
}
