// The host <-> lb_sample contract (kernels/sampling.cu): the per-row parameter record and the size of a
// row's work memory. One definition for the kernel and the native/ harness; the Java side
// (backend/cuda/SampleBatch) writes the same 40-byte record and computes the same size.
#pragma once
#include "host_device.cuh"

// Threads per row (one CTA per row): lb_sample's launch bounds; SampleBatch.THREADS in Java.
#define SAMPLE_THREADS 512

// Per-row parameters as laid out by the host (40 bytes, 8-byte aligned).
struct SampleParams {
    float temperature, top_p, min_p, repetition_penalty, presence_penalty;
    int top_k;                // <= 0: off
    unsigned long long seed;
    long long position;
};
static_assert(sizeof(SampleParams) == 40, "SampleParams is the 40-byte record SampleBatch writes");

LB_HD long long sample_pow2(long long n) {
    long long p = 1;
    while (p < n) p <<= 1;
    return p;
}
LB_HD long long sample_align(long long bytes) { return (bytes + 255) & ~255LL; }
// Work memory of one row: z float[vocab] | keys uint64[pow2(vocab)] | prob double[vocab], each 256-byte aligned.
LB_HD long long sample_work_bytes(int vocab) {
    return sample_align(4LL * vocab) + 8LL * sample_pow2(vocab) + sample_align(8LL * vocab);
}
