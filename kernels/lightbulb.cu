// The one translation unit of the fatbin: every kernel family, each in its own file. Entry points are
// extern "C" with stable names (lb_*), looked up by name from the driver API (Java and native/).
#include "act_quant.cu"
#include "qmatmul_decode.cu"
#include "qmatmul_mma.cu"
#include "matmul_float.cu"
#include "norms.cu"
#include "rope.cu"
#include "elementwise.cu"
#include "embedding.cu"
#include "attention.cu"
#include "sampling.cu"
#include "convert.cu"
