// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC11), the
// counter-based generator of the samplers. Host and device share this one definition so the native
// harness checks the published known-answer vectors without a GPU.
// Sampling keys it by (seed, position): key = (seed low 32 bits, seed high 32 bits),
// counter = (position low 32, position high 32, 0, 0); the draw is u = (out[0] >> 8) * 2^-24 in [0, 1).
#pragma once
#include <cstdint>
#include "host_device.cuh"

struct Philox4 { uint32_t v[4]; };

LB_HD Philox4 philox4x32_10(Philox4 ctr, uint32_t k0, uint32_t k1) {
    const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    for (int round = 0; round < 10; round++) {
        const uint64_t p0 = (uint64_t)M0 * ctr.v[0];
        const uint64_t p1 = (uint64_t)M1 * ctr.v[2];
        const uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        const uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        ctr = Philox4{{hi1 ^ ctr.v[1] ^ k0, lo1, hi0 ^ ctr.v[3] ^ k1, lo0}};
        k0 += W0;
        k1 += W1;
    }
    return ctr;
}

// The sampler's uniform draw for (seed, position).
LB_HD float philox_uniform(uint64_t seed, uint64_t position) {
    const Philox4 out = philox4x32_10(Philox4{{(uint32_t)position, (uint32_t)(position >> 32), 0u, 0u}},
                                      (uint32_t)seed, (uint32_t)(seed >> 32));
    return (float)(out.v[0] >> 8) * (1.0f / 16777216.0f);
}
