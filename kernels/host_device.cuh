// LB_HD marks the few definitions that host code (the native/ harness, built by the host compiler) and
// device code share: the Philox generator and lb_sample's parameter and work-memory layout.
#pragma once

#ifdef __CUDACC__
#define LB_HD __host__ __device__ __forceinline__
#else
#define LB_HD inline
#endif
