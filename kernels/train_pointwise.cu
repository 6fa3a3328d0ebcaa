// Backward of SwiGLU out = silu(g) * u, element by element in double as the CPU reference (PointwiseGradients):
//   dGate = dOut * u * sig(g) * (1 + g (1 - sig(g))),   dUp = dOut * g * sig(g).
// Each element is read before it is written, so d_gate may be gate and d_up may be up (no __restrict__ on them).
// The double steps use explicit _rn intrinsics so that none is contracted into an fma.
#include "common.cuh"

extern "C" __global__ void lb_train_swiglu_backward(const float* gate, const float* up, const float* __restrict__ d_out,
                                                    float* d_gate, float* d_up, long long count) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= count) return;
    const double g = gate[i], u = up[i], d = d_out[i];
    const double sig = __drcp_rn(__dadd_rn(1.0, exp(-g)));
    const double slope = __dadd_rn(1.0, __dmul_rn(g, __dsub_rn(1.0, sig)));
    d_gate[i] = (float)__dmul_rn(__dmul_rn(__dmul_rn(d, u), sig), slope);
    d_up[i] = (float)__dmul_rn(__dmul_rn(d, g), sig);
}
