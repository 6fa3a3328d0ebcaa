// Host side of the ggml block formats for the harness: random valid blocks, and decoding written
// after ggml's dequantize_row_* loops (independently of the device code in kernels/quant_formats.cuh)
// into the common view: per element an int q and per 32-block (dw, mw, s_lo, s_hi), value = dw*(s*q)+mw.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

inline float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h >> 15) << 31;
    int exp = (h >> 10) & 31;
    uint32_t mant = h & 1023;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) bits = sign;
        else {  // subnormal: normalise
            exp = 1;
            while (!(mant & 1024)) { mant <<= 1; exp--; }
            mant &= 1023;
            bits = sign | (uint32_t)(exp + 112) << 23 | mant << 13;
        }
    } else if (exp == 31) bits = sign | 0x7f800000u | mant << 13;
    else bits = sign | (uint32_t)(exp + 112) << 23 | mant << 13;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Round to nearest even; finite normal range only (enough for scales and test data).
inline uint16_t float_to_half(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    const float a = std::fabs(f);
    if (a < 6.103515625e-05f) {  // subnormal half: multiples of 2^-24
        const float q = std::nearbyint(a * 16777216.0f);
        return (uint16_t)(sign | (uint16_t)q);
    }
    uint32_t ax = x & 0x7fffffffu;
    const uint32_t round = 0xfffu + ((ax >> 13) & 1u);
    ax += round;
    const uint32_t e = (ax >> 23) - 112;
    if (e >= 31) return (uint16_t)(sign | 0x7c00);
    return (uint16_t)(sign | e << 10 | ((ax >> 13) & 1023));
}

inline float bf16_to_float(uint16_t b) {
    const uint32_t bits = (uint32_t)b << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}
inline uint16_t float_to_bf16(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    return (uint16_t)((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

enum class WType { F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K };

inline const char* wtype_name(WType t) {
    switch (t) {
        case WType::F32: return "f32";
        case WType::F16: return "f16";
        case WType::BF16: return "bf16";
        case WType::Q8_0: return "q8_0";
        case WType::Q4_0: return "q4_0";
        case WType::Q4_K: return "q4_k";
        case WType::Q6_K: return "q6_k";
    }
    return "?";
}
inline int block_elems(WType t) {
    return t == WType::Q4_K || t == WType::Q6_K ? 256 : t == WType::Q8_0 || t == WType::Q4_0 ? 32 : 1;
}
inline int block_bytes(WType t) {
    switch (t) {
        case WType::F32: return 4;
        case WType::F16: case WType::BF16: return 2;
        case WType::Q8_0: return 34;
        case WType::Q4_0: return 18;
        case WType::Q4_K: return 144;
        case WType::Q6_K: return 210;
    }
    return 0;
}
inline bool is_quant(WType t) { return block_elems(t) > 1; }
inline size_t row_bytes(WType t, int k) { return (size_t)k / block_elems(t) * block_bytes(t); }

// Random rows of a weight matrix [n, k]; scales are positive and small so values stay O(1).
inline std::vector<uint8_t> random_weights(WType t, int n, int k, std::mt19937& rng) {
    std::vector<uint8_t> w(row_bytes(t, k) * n);
    for (size_t i = 0; i < w.size(); i += 4) {  // 4 random bytes per draw: the benchmark fills hundreds of MB
        const uint32_t r = (uint32_t)rng();
        std::memcpy(&w[i], &r, std::min<size_t>(4, w.size() - i));
    }
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f), scale(0.002f, 0.02f);
    auto put_half = [&](uint8_t* p, float v) { const uint16_t h = float_to_half(v); std::memcpy(p, &h, 2); };
    const size_t blocks = w.size() / block_bytes(t);
    for (size_t i = 0; i < blocks; i++) {
        uint8_t* b = w.data() + i * block_bytes(t);
        switch (t) {
            case WType::F32: { const float v = unit(rng); std::memcpy(b, &v, 4); break; }
            case WType::F16: put_half(b, unit(rng)); break;
            case WType::BF16: { const uint16_t h = float_to_bf16(unit(rng)); std::memcpy(b, &h, 2); break; }
            case WType::Q8_0:
                put_half(b, scale(rng));
                for (int j = 0; j < 32; j++) if (b[2 + j] == 0x80) b[2 + j] = 0x81;  // ggml never writes -128
                break;
            case WType::Q4_0: put_half(b, scale(rng)); break;
            case WType::Q4_K: put_half(b, scale(rng)); put_half(b + 2, scale(rng)); break;
            case WType::Q6_K: put_half(b + 208, scale(rng) * 0.05f); break;
        }
    }
    return w;
}

// The common view of one decoded row.
struct DecodedRow {
    std::vector<int> q;                         // k ints (quantised types)
    std::vector<float> dw, mw;                  // per 32-block
    std::vector<int> s_lo, s_hi;                // per 32-block
    std::vector<float> value;                   // k dequantised values (all types)
};

inline void get_scale_min_k4(int j, const uint8_t* q, int& d, int& m) {
    if (j < 4) { d = q[j] & 63; m = q[j + 4] & 63; }
    else { d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4); m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4); }
}

inline DecodedRow decode_row(WType t, const uint8_t* row, int k) {
    DecodedRow r;
    r.value.resize(k);
    if (!is_quant(t)) {
        for (int e = 0; e < k; e++) {
            uint16_t h;
            if (t == WType::F32) std::memcpy(&r.value[e], row + 4 * e, 4);
            else { std::memcpy(&h, row + 2 * e, 2); r.value[e] = t == WType::F16 ? half_to_float(h) : bf16_to_float(h); }
        }
        return r;
    }
    const int nb = k / 32;
    r.q.resize(k);
    r.dw.resize(nb); r.mw.assign(nb, 0.0f); r.s_lo.assign(nb, 1); r.s_hi.assign(nb, 1);
    auto half_at = [](const uint8_t* p) { uint16_t h; std::memcpy(&h, p, 2); return half_to_float(h); };
    if (t == WType::Q8_0 || t == WType::Q4_0) {
        for (int b = 0; b < nb; b++) {
            const uint8_t* blk = row + (size_t)b * block_bytes(t);
            r.dw[b] = half_at(blk);
            for (int j = 0; j < 32; j++) {
                if (t == WType::Q8_0) r.q[32 * b + j] = (int8_t)blk[2 + j];
                else r.q[32 * b + j] = (j < 16 ? (blk[2 + j] & 0xF) : (blk[2 + j - 16] >> 4)) - 8;
            }
        }
    } else if (t == WType::Q4_K) {
        for (int s = 0; s < k / 256; s++) {
            const uint8_t* blk = row + (size_t)s * 144;
            const float d = half_at(blk), dmin = half_at(blk + 2);
            const uint8_t* q = blk + 16;
            for (int j = 0, is = 0; j < 256; j += 64, is += 2, q += 32) {
                for (int half = 0; half < 2; half++) {
                    int sc, m;
                    get_scale_min_k4(is + half, blk + 4, sc, m);
                    const int b = 8 * s + is + half;
                    r.dw[b] = d * (float)sc;
                    r.mw[b] = -(dmin * (float)m);
                    for (int l = 0; l < 32; l++) r.q[32 * b + l] = half ? q[l] >> 4 : q[l] & 0xF;
                }
            }
        }
    } else {  // Q6_K
        for (int s = 0; s < k / 256; s++) {
            const uint8_t* blk = row + (size_t)s * 210;
            const float d = half_at(blk + 208);
            const int8_t* sc = reinterpret_cast<const int8_t*>(blk + 192);
            for (int h = 0; h < 2; h++) {
                const uint8_t* ql = blk + 64 * h;
                const uint8_t* qh = blk + 128 + 32 * h;
                for (int l = 0; l < 32; l++) {
                    const int is = l / 16;
                    const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    const int base = 256 * s + 128 * h;
                    r.q[base + l] = q1; r.q[base + 32 + l] = q2; r.q[base + 64 + l] = q3; r.q[base + 96 + l] = q4;
                    for (int quarter = 0; quarter < 4; quarter++) {
                        const int b = 8 * s + 4 * h + quarter;
                        (is == 0 ? r.s_lo[b] : r.s_hi[b]) = sc[8 * h + 2 * quarter + is];
                        r.dw[b] = d;
                    }
                }
            }
        }
    }
    for (int e = 0; e < k; e++) {
        const int b = e / 32;
        const int s = (e % 32) < 16 ? r.s_lo[b] : r.s_hi[b];
        const float v = (r.dw[b] * (float)s) * (float)r.q[e];  // ggml's evaluation order
        r.value[e] = t == WType::Q4_K ? v + r.mw[b] : v;            // only K-quant minima are added (keeps -0.0)
    }
    return r;
}
