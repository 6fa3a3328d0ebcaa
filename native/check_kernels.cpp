// Correctness of every kernel in the fatbin against host references on random data (never zeros),
// with poisoned outputs and odd shapes. Exits 0 if all pass, 1 on a failure, 77 (ctest: skipped)
// when there is no GPU. Usage: lb_check_kernels path/to/lightbulb.fatbin [--quick]  (or --host-only: the
// checks that need no GPU: Philox known answers and the sampling algorithm)
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include "cuda_driver.hpp"
#include "host_reference.hpp"
#include "sampler_emulation.hpp"
#include "../kernels/philox.cuh"
#include "../kernels/sample_layout.cuh"

static Gpu gpu;
static std::mt19937 rng(20261122);
static int failures = 0;
// --quick (for compute-sanitizer, which runs kernels 10-100x slower, racecheck more): smaller shapes, the same
// code paths (every kernel, multi-round decode staging, several mma CTA rows, shared- and work-memory sorts).
static bool quick = false;

static void report(bool ok, const std::string& what, double err = -1) {
    if (!ok) failures++;
    if (err >= 0) std::printf("%s  %-58s rel.err %.3g\n", ok ? "PASS" : "FAIL", what.c_str(), err);
    else std::printf("%s  %s\n", ok ? "PASS" : "FAIL", what.c_str());
}

static std::vector<float> randn(size_t count, float scale = 1.0f) {
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(count);
    for (auto& x : v) x = d(rng);
    return v;
}

template <class T>
static bool bitwise_equal(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

static std::string shape(const char* op, WType t, int n, int k, int rows) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s %s n=%d k=%d rows=%d", op, wtype_name(t), n, k, rows);
    return buf;
}

static void check_quantize_act() {
    const int rows = 5, k = 288;
    const auto x = randn((size_t)rows * k, 2.0f);
    const QuantAct want = quantize_act(x, rows, k);
    CUdeviceptr dX = gpu.upload(x), dQ = gpu.poisoned(x.size()), dD = gpu.poisoned(want.dx.size() * 4),
                dS = gpu.poisoned(want.dx.size() * 4);
    int r = rows, kk = k;
    const unsigned blocks = (unsigned)((rows * k / 32 + 3) / 4);
    gpu.launch(gpu.fn("lb_quantize_act"), blocks, 1, 128, {&dX, &dQ, &dD, &dS, &r, &kk}, "lb_quantize_act");
    const bool ok = bitwise_equal(gpu.download<int8_t>(dQ, x.size()), want.xq) &&
                    bitwise_equal(gpu.download<float>(dD, want.dx.size()), want.dx) &&
                    bitwise_equal(gpu.download<int>(dS, want.xsum.size()), want.xsum);
    report(ok, "lb_quantize_act bit-exact vs ggml q8_0 rounding (rows=5 k=288)");
    for (auto p : {dX, dQ, dD, dS}) gpu.free(p);
}

// Runs a quantised matmul kernel (decode or mma) and returns y.
static std::vector<float> run_qmatmul(bool mma, WType t, CUdeviceptr dW, long long rb, CUdeviceptr dQ,
                                      CUdeviceptr dD, CUdeviceptr dS, int n, int k, int rows) {
    CUdeviceptr dY = gpu.poisoned((size_t)rows * n * 4);
    const std::string name = std::string(mma ? "lb_qmatmul_mma_" : "lb_qmatmul_decode_") + wtype_name(t);
    if (mma) gpu.launch(gpu.fn(name.c_str()), (n + 15) / 16, (rows + 31) / 32, 32, {&dW, &rb, &dQ, &dD, &dS, &dY, &n, &k, &rows}, name.c_str());
    else gpu.launch(gpu.fn(name.c_str()), (n + 3) / 4, 1, 128, {&dW, &rb, &dQ, &dD, &dS, &dY, &n, &k, &rows}, name.c_str());
    auto y = gpu.download<float>(dY, (size_t)rows * n);
    gpu.free(dY);
    return y;
}

static void check_qmatmul(WType t, int k) {
    const int n = 67;
    const auto w = random_weights(t, n, k, rng);
    std::vector<DecodedRow> dec;
    for (int j = 0; j < n; j++) dec.push_back(decode_row(t, w.data() + j * row_bytes(t, k), k));
    CUdeviceptr dW = gpu.upload(w);
    const long long rb = (long long)row_bytes(t, k);
    std::vector<float> first_row_alone;
    const int batch = quick ? 40 : 300;  // rows of the batch-invariance check (mma: more than one CTA row)
    for (int rows : {1, 7, 8, 9, 33, 300}) {
        if (quick && rows > 33) continue;
        const auto x = randn((size_t)rows * k);
        const QuantAct a = quantize_act(x, rows, k);
        CUdeviceptr dQ = gpu.upload(a.xq), dD = gpu.upload(a.dx), dS = gpu.upload(a.xsum);
        const auto exact = qmatmul_exact(dec, t == WType::Q4_K, a, rows, n, k);
        const auto f64 = matmul_f64(dec, x, rows, n, k);
        for (bool mma : {false, true}) {
            if (!mma && rows > 8) continue;
            const auto y = run_qmatmul(mma, t, dW, rb, dQ, dD, dS, n, k, rows);
            const double err = rel_error(y, f64);
            report(bitwise_equal(y, exact) && err < 3e-2,
                   shape(mma ? "mma   " : "decode", t, n, k, rows) + " bit-exact order", err);
        }
        for (auto p : {dQ, dD, dS}) gpu.free(p);
    }
    // Batch invariance: the same activation row alone (decode) and as row 0 of a batch (mma).
    const auto xb = randn((size_t)batch * k);
    const QuantAct ab = quantize_act(xb, batch, k);
    const QuantAct a1 = quantize_act(std::vector<float>(xb.begin(), xb.begin() + k), 1, k);
    CUdeviceptr q1 = gpu.upload(a1.xq), d1 = gpu.upload(a1.dx), s1 = gpu.upload(a1.xsum);
    CUdeviceptr q3 = gpu.upload(ab.xq), d3 = gpu.upload(ab.dx), s3 = gpu.upload(ab.xsum);
    const auto alone = run_qmatmul(false, t, dW, rb, q1, d1, s1, n, k, 1);
    const auto in_batch = run_qmatmul(true, t, dW, rb, q3, d3, s3, n, k, batch);
    report(std::memcmp(alone.data(), in_batch.data(), n * 4) == 0,
           shape("batch invariance 1 vs batch", t, n, k, batch));
    for (auto p : {q1, d1, s1, q3, d3, s3, dW}) gpu.free(p);
}

// The float-activation matmul (the CPU backend's numerics) for every type; k = 300 (or 768 for K-quants)
// is not a multiple of 256 where the format allows it; 301 (float types) exercises the k % 4 tail. A long row
// (several batches of in-flight loads) too. Both variants: lb_matmul_<type> (a column per warp) and
// lb_matmul_<type>_c4 (four columns per warp, n = 67 leaves a partial last warp) must give the same bits.
static void check_matmul_float(WType t, bool long_row) {
    const int n = 67;
    const int k = long_row ? (t == WType::Q4_K || t == WType::Q6_K ? 4608 : is_quant(t) ? 4352 : 2053)
                           : (t == WType::Q4_K || t == WType::Q6_K ? 768 : is_quant(t) ? 288 : 301);
    const auto w = random_weights(t, n, k, rng);
    std::vector<DecodedRow> dec;
    for (int j = 0; j < n; j++) dec.push_back(decode_row(t, w.data() + j * row_bytes(t, k), k));
    CUdeviceptr dW = gpu.upload(w);
    long long rb = (long long)row_bytes(t, k);
    const std::string name = std::string("lb_matmul_") + wtype_name(t), wide = name + "_c4";
    std::vector<float> row0_alone;
    const auto x37 = randn((size_t)37 * k);
    for (int rows : {1, 7, 37}) {
        std::vector<float> x(x37.begin(), x37.begin() + (size_t)rows * k);
        CUdeviceptr dX = gpu.upload(x), dY = gpu.poisoned((size_t)rows * n * 4), dY4 = gpu.poisoned((size_t)rows * n * 4);
        int nn = n, kk = k, rr = rows;
        gpu.launch(gpu.fn(name.c_str()), (n + 3) / 4, 1, 128, {&dW, &rb, &dX, &dY, &nn, &kk, &rr}, name.c_str());
        gpu.launch(gpu.fn(wide.c_str()), (n + 15) / 16, 1, 128, {&dW, &rb, &dX, &dY4, &nn, &kk, &rr}, wide.c_str());
        const auto y = gpu.download<float>(dY, (size_t)rows * n), y4 = gpu.download<float>(dY4, (size_t)rows * n);
        const double err = rel_error(y, matmul_f64(dec, x, rows, n, k));
        report(err < 1e-5, shape("matmul", t, n, k, rows), err);
        report(bitwise_equal(y, y4), shape("matmul _c4 == one column per warp,", t, n, k, rows));
        if (rows == 1) row0_alone = y;
        else report(std::memcmp(row0_alone.data(), y.data(), n * 4) == 0, shape("batch invariance 1 vs", t, n, k, rows));
        for (auto p : {dX, dY, dY4}) gpu.free(p);
    }
    gpu.free(dW);
}

// lb_convert_f32_f16 / _bf16 (cuBLAS mode's activation rounding): round to nearest even, bit-exact against the
// host encoders, on normal values, half subnormals and values past the half range.
static void check_convert() {
    long long count = 10007;
    auto x = randn((size_t)count, 3.0f);
    for (size_t i = 0; i < x.size(); i += 7) x[i] *= 1e-6f;     // half subnormals
    x[1] = 70000.0f; x[2] = -65520.0f; x[3] = 65504.0f;        // overflow to inf, and the largest finite half
    std::vector<uint16_t> want_h(x.size()), want_b(x.size());
    for (size_t i = 0; i < x.size(); i++) { want_h[i] = float_to_half(x[i]); want_b[i] = float_to_bf16(x[i]); }
    CUdeviceptr dX = gpu.upload(x), dH = gpu.poisoned(x.size() * 2), dB = gpu.poisoned(x.size() * 2);
    const unsigned blocks = (unsigned)((count + 255) / 256);
    gpu.launch(gpu.fn("lb_convert_f32_f16"), blocks, 1, 256, {&dX, &dH, &count}, "lb_convert_f32_f16");
    gpu.launch(gpu.fn("lb_convert_f32_bf16"), blocks, 1, 256, {&dX, &dB, &count}, "lb_convert_f32_bf16");
    report(bitwise_equal(gpu.download<uint16_t>(dH, x.size()), want_h), "lb_convert_f32_f16 bit-exact (round to nearest even, subnormals, inf)");
    report(bitwise_equal(gpu.download<uint16_t>(dB, x.size()), want_b), "lb_convert_f32_bf16 bit-exact (round to nearest even)");
    for (auto p : {dX, dH, dB}) gpu.free(p);
}

static void check_rmsnorm() {
    int rows = 3, k = 288;
    float eps = 1e-5f;
    const auto x = randn((size_t)rows * k, 3.0f), wt = randn(k);
    std::vector<double> want(x.size());
    for (int r = 0; r < rows; r++) {
        double ss = 0;
        for (int e = 0; e < k; e++) ss += (double)x[r * k + e] * x[r * k + e];
        const double s = 1.0 / std::sqrt(ss / k + eps);
        for (int e = 0; e < k; e++) want[r * k + e] = x[r * k + e] * s * wt[e];
    }
    CUdeviceptr dX = gpu.upload(x), dW = gpu.upload(wt), dY = gpu.poisoned(x.size() * 4);
    gpu.launch(gpu.fn("lb_rmsnorm"), rows, 1, 256, {&dX, &dW, &dY, &k, &eps}, "lb_rmsnorm");
    const auto y = gpu.download<float>(dY, x.size());
    const double err = rel_error(y, want);
    report(err < 1e-6, "lb_rmsnorm rows=3 k=288", err);
    const QuantAct want_q = quantize_act(y, rows, k);
    CUdeviceptr dQ = gpu.poisoned(x.size()), dD = gpu.poisoned(want_q.dx.size() * 4), dS = gpu.poisoned(want_q.dx.size() * 4);
    gpu.launch(gpu.fn("lb_rmsnorm_quantize"), rows, 1, 256, {&dX, &dW, &dQ, &dD, &dS, &k, &eps}, "lb_rmsnorm_quantize");
    report(bitwise_equal(gpu.download<int8_t>(dQ, x.size()), want_q.xq) &&
               bitwise_equal(gpu.download<float>(dD, want_q.dx.size()), want_q.dx) &&
               bitwise_equal(gpu.download<int>(dS, want_q.xsum.size()), want_q.xsum),
           "lb_rmsnorm_quantize == quantize(lb_rmsnorm) bit-exact");
    for (auto p : {dX, dW, dY, dQ, dD, dS}) gpu.free(p);
}

// The RoPE test case of lb_rope and its backward: 4 rows (positions 0, 1, 517, 4095), 3 heads of 64, and the float64
// reference rotation by +angle (direction 1, lb_rope) or -angle (direction -1, its inverse, the backward).
// rot_dim < head_dim: partial rotary (the dimensions past rot_dim stay as they are).
struct RopeCase {
    int rows = 4, heads = 3, head_dim = 64;
    std::vector<float> x;
    std::vector<int> pos = {0, 1, 517, 4095};
    std::vector<float> inv;
    std::vector<double> want;

    RopeCase(int neox, int rot_dim, double direction) : x(randn((size_t)rows * heads * head_dim)), inv(rot_dim / 2) {
        for (int i = 0; i < rot_dim / 2; i++) inv[i] = (float)std::pow(10000.0, -2.0 * i / rot_dim);
        want.assign(x.begin(), x.end());
        for (int r = 0; r < rows; r++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < rot_dim / 2; i++) {
                    const double ang = direction * (double)pos[r] * (double)inv[i];
                    const size_t base = ((size_t)r * heads + h) * head_dim;
                    const int a = neox ? i : 2 * i, b = neox ? i + rot_dim / 2 : 2 * i + 1;
                    want[base + a] = x[base + a] * std::cos(ang) - x[base + b] * std::sin(ang);
                    want[base + b] = x[base + a] * std::sin(ang) + x[base + b] * std::cos(ang);
                }
    }
};

static void check_rope(int neox, int rot_dim) {
    RopeCase c(neox, rot_dim, 1.0);
    auto &x = c.x;
    auto &pos = c.pos;
    auto &inv = c.inv;
    auto &want = c.want;
    int rows = c.rows, heads = c.heads, head_dim = c.head_dim;
    CUdeviceptr dX = gpu.upload(x), dP = gpu.upload(pos), dI = gpu.upload(inv);
    const unsigned blocks = (unsigned)((rows * heads * rot_dim / 2 + 127) / 128);
    gpu.launch(gpu.fn("lb_rope"), blocks, 1, 128, {&dX, &dP, &dI, &rows, &heads, &head_dim, &rot_dim, &neox}, "lb_rope");
    const double err = rel_error(gpu.download<float>(dX, x.size()), want);
    report(err < 1e-5, std::string(neox ? "lb_rope neox (half split)" : "lb_rope norm (interleaved)") + " rot_dim " +
                           std::to_string(rot_dim) + " of 64", err);
    for (auto p : {dX, dP, dI}) gpu.free(p);
}

static void check_elementwise() {
    long long count = quick ? 100003 : 1000003;
    const auto a = randn(count), b = randn(count);
    CUdeviceptr dA = gpu.upload(a), dB = gpu.upload(b), dO = gpu.poisoned(count * 4);
    const unsigned blocks = (unsigned)((count + 255) / 256);
    std::vector<double> want(count);
    gpu.launch(gpu.fn("lb_swiglu"), blocks, 1, 256, {&dA, &dB, &dO, &count}, "lb_swiglu");
    for (long long i = 0; i < count; i++) want[i] = a[i] / (1.0 + std::exp(-(double)a[i])) * b[i];
    double err = rel_error(gpu.download<float>(dO, count), want);
    report(err < 1e-6, "lb_swiglu count=" + std::to_string(count), err);
    gpu.launch(gpu.fn("lb_add"), blocks, 1, 256, {&dA, &dB, &dO, &count}, "lb_add");
    for (long long i = 0; i < count; i++) want[i] = (double)a[i] + b[i];
    err = rel_error(gpu.download<float>(dO, count), want);
    report(err < 1e-7, "lb_add count=" + std::to_string(count), err);
    // In place, as CudaBackend.add calls it (out == a).
    gpu.launch(gpu.fn("lb_add"), blocks, 1, 256, {&dO, &dB, &dO, &count}, "lb_add in place");
    for (long long i = 0; i < count; i++) want[i] += b[i];
    err = rel_error(gpu.download<float>(dO, count), want);
    report(err < 1e-7, "lb_add in place (acc += x)", err);
    int rows = 7, n = 131;
    const auto bias = randn(n);
    CUdeviceptr dBias = gpu.upload(bias), dY = gpu.upload(std::vector<float>(a.begin(), a.begin() + rows * n));
    gpu.launch(gpu.fn("lb_bias_add"), (rows * n + 255) / 256, 1, 256, {&dY, &dBias, &rows, &n}, "lb_bias_add");
    std::vector<double> wb(rows * n);
    for (int i = 0; i < rows * n; i++) wb[i] = (double)a[i] + bias[i % n];
    err = rel_error(gpu.download<float>(dY, rows * n), wb);
    report(err < 1e-7, "lb_bias_add rows=7 n=131", err);
    for (auto p : {dA, dB, dO, dBias, dY}) gpu.free(p);
}

static void check_embedding(WType t) {
    int vocab = 50, dim = is_quant(t) ? 512 : 300;
    const auto table = random_weights(t, vocab, dim, rng);
    std::vector<int> ids = {3, 49, 0, 3, 17};
    int rows = (int)ids.size();
    std::vector<float> want;
    for (int id : ids) {
        const auto d = decode_row(t, table.data() + id * row_bytes(t, dim), dim);
        want.insert(want.end(), d.value.begin(), d.value.end());
    }
    CUdeviceptr dT = gpu.upload(table), dI = gpu.upload(ids), dO = gpu.poisoned(want.size() * 4);
    CUdeviceptr dBad = gpu.upload(std::vector<int>{INT32_MIN});
    long long rb = (long long)row_bytes(t, dim);
    const std::string name = std::string("lb_embedding_") + wtype_name(t);
    gpu.launch(gpu.fn(name.c_str()), rows, 1, 128, {&dT, &rb, &vocab, &dI, &dO, &dim, &dBad}, name.c_str());
    report(bitwise_equal(gpu.download<float>(dO, want.size()), want) && gpu.download<int>(dBad, 1)[0] == INT32_MIN,
           name + " bit-exact vs ggml dequantisation");
    // An id outside the vocabulary is reported through the flag.
    CUdeviceptr dBadIds = gpu.upload(std::vector<int>{1, vocab});
    int two = 2;
    gpu.launch(gpu.fn(name.c_str()), two, 1, 128, {&dT, &rb, &vocab, &dBadIds, &dO, &dim, &dBad}, name.c_str());
    report(gpu.download<int>(dBad, 1)[0] == vocab, name + " reports an id outside the vocabulary");
    for (auto p : {dT, dI, dO, dBad, dBadIds}) gpu.free(p);
}

// Two sequences (37 and 70 tokens) in a paged cache with shuffled physical blocks; full causal and a
// sliding window; decode rows must equal the same rows of the prefill bit for bit.
static std::vector<float> run_attention(CUdeviceptr dQ, CUdeviceptr dKc, CUdeviceptr dVc, const std::vector<int>& pos,
                                        const std::vector<int>& offsets, CUdeviceptr dTables, int heads, int kv_heads,
                                        int head_dim, int block_size, float scale, int window) {
    int rows = (int)pos.size();
    CUdeviceptr dP = gpu.upload(pos), dOff = gpu.upload(offsets), dO = gpu.poisoned((size_t)rows * heads * head_dim * 4);
    gpu.launch(gpu.fn("lb_attention_paged"), rows, heads, 32,
               {&dO, &dQ, &dKc, &dVc, &dP, &dTables, &dOff, &block_size, &heads, &kv_heads, &head_dim, &scale, &window},
               "lb_attention_paged");
    auto out = gpu.download<float>(dO, (size_t)rows * heads * head_dim);
    for (auto p : {dP, dOff, dO}) gpu.free(p);
    return out;
}

// head_dim % 4 == 0 takes the kernel's 16-byte key loads, other sizes the scalar loop.
static void check_attention(int heads, int kv_heads, int head_dim) {
    int block_size = 16;
    const int kv_dim = kv_heads * head_dim, blocks_per_seq = 5;
    const int lens[2] = {37, 70};
    std::vector<int> tables(10);
    std::iota(tables.begin(), tables.end(), 0);
    std::shuffle(tables.begin(), tables.end(), rng);  // sequence s's table starts at 5 s
    std::vector<int> pos, offsets, slots;
    for (int s = 0; s < 2; s++)
        for (int p = 0; p < lens[s]; p++) {
            pos.push_back(p);
            offsets.push_back(blocks_per_seq * s);
            slots.push_back(tables[blocks_per_seq * s + p / block_size] * block_size + p % block_size);
        }
    int rows = (int)pos.size();
    const auto k = randn((size_t)rows * kv_dim), v = randn((size_t)rows * kv_dim), q = randn((size_t)rows * heads * head_dim);
    CUdeviceptr dKc = gpu.poisoned((size_t)10 * block_size * kv_dim * 4), dVc = gpu.poisoned((size_t)10 * block_size * kv_dim * 4);
    CUdeviceptr dK = gpu.upload(k), dV = gpu.upload(v), dQ = gpu.upload(q), dSlots = gpu.upload(slots), dT = gpu.upload(tables);
    int kvd = kv_dim;
    gpu.launch(gpu.fn("lb_kv_store"), (rows * kv_dim + 255) / 256, 1, 256, {&dKc, &dVc, &dK, &dV, &dSlots, &rows, &kvd}, "lb_kv_store");
    const float scale = 1.0f / std::sqrt((float)head_dim);
    for (int window : {0, 20}) {
        const auto out = run_attention(dQ, dKc, dVc, pos, offsets, dT, heads, kv_heads, head_dim, block_size, scale, window);
        std::vector<double> want(out.size());
        for (int r = 0; r < rows; r++)
            for (int h = 0; h < heads; h++) {
                const int kvh = h / (heads / kv_heads), first = window > 0 ? std::max(0, pos[r] - window + 1) : 0;
                std::vector<double> sc;
                double mx = -1e300;
                for (int p = first; p <= pos[r]; p++) {
                    const int src = r - pos[r] + p;  // the row that wrote position p of this sequence
                    double d = 0;
                    for (int e = 0; e < head_dim; e++)
                        d += (double)q[((size_t)r * heads + h) * head_dim + e] * k[(size_t)src * kv_dim + kvh * head_dim + e];
                    sc.push_back(d * scale);
                    mx = std::max(mx, sc.back());
                }
                double l = 0;
                for (auto& x : sc) { x = std::exp(x - mx); l += x; }
                for (int e = 0; e < head_dim; e++) {
                    double acc = 0;
                    for (int p = first; p <= pos[r]; p++) acc += sc[p - first] * v[(size_t)(r - pos[r] + p) * kv_dim + kvh * head_dim + e];
                    want[((size_t)r * heads + h) * head_dim + e] = acc / l;
                }
            }
        const double err = rel_error(out, want);
        char what[160];
        std::snprintf(what, sizeof what, "lb_attention_paged prefill, heads %d/%d, head_dim %d, 2 seqs (37, 70), window %d",
                      heads, kv_heads, head_dim, window);
        report(err < 1e-5, what, err);
        if (window != 0) continue;
        // Decode: the last position of each sequence alone must equal that row of the prefill.
        const int last[2] = {lens[0] - 1, rows - 1};
        std::vector<float> dq;
        for (int s = 0; s < 2; s++)
            dq.insert(dq.end(), q.begin() + (size_t)last[s] * heads * head_dim, q.begin() + (size_t)(last[s] + 1) * heads * head_dim);
        CUdeviceptr dQd = gpu.upload(dq);
        const auto od = run_attention(dQd, dKc, dVc, {lens[0] - 1, lens[1] - 1}, {0, blocks_per_seq}, dT, heads, kv_heads,
                                      head_dim, block_size, scale, 0);
        bool same = true;
        for (int s = 0; s < 2; s++)
            same &= std::memcmp(od.data() + (size_t)s * heads * head_dim, out.data() + (size_t)last[s] * heads * head_dim,
                                (size_t)heads * head_dim * 4) == 0;
        report(same, "lb_attention_paged decode rows == the same rows in prefill (bit-exact), head_dim " + std::to_string(head_dim));
        gpu.free(dQd);
    }
    // gather: rows 5, 0, 106 of the query matrix
    std::vector<int> idx = {5, 0, 106};
    int count = 3, row_length = heads * head_dim;
    CUdeviceptr dIdx = gpu.upload(idx), dG = gpu.poisoned((size_t)count * row_length * 4);
    gpu.launch(gpu.fn("lb_gather_rows"), count, 1, 256, {&dQ, &dIdx, &dG, &row_length}, "lb_gather_rows");
    const auto g = gpu.download<float>(dG, (size_t)count * row_length);
    bool ok = true;
    for (int j = 0; j < count; j++) ok &= std::memcmp(g.data() + (size_t)j * row_length, q.data() + (size_t)idx[j] * row_length, row_length * 4) == 0;
    report(ok, "lb_gather_rows");
    for (auto p : {dKc, dVc, dK, dV, dQ, dSlots, dT, dIdx, dG}) gpu.free(p);
}

struct Drawn { std::vector<int> ids; std::vector<float> logprobs; };

static Drawn run_sample(const std::vector<float>& logits, int vocab, const std::vector<SampleParams>& ps,
                        const std::vector<std::vector<int>>& hist) {
    const int rows = (int)ps.size();
    std::vector<int> off = {0}, ids;
    for (auto& h : hist) { ids.insert(ids.end(), h.begin(), h.end()); off.push_back((int)ids.size()); }
    if (ids.empty()) ids.push_back(0);
    CUdeviceptr dL = gpu.upload(logits), dW = gpu.poisoned(sample_work_bytes(vocab) * rows), dP = gpu.upload(ps),
                dO = gpu.upload(off), dH = gpu.upload(ids), dI = gpu.poisoned(rows * 4), dLp = gpu.poisoned(rows * 4);
    gpu.launch(gpu.fn("lb_sample"), rows, 1, SAMPLE_THREADS, {&dL, &dW, &vocab, &dP, &dO, &dH, &dI, &dLp}, "lb_sample");
    Drawn d{gpu.download<int>(dI, rows), gpu.download<float>(dLp, rows)};
    for (auto p : {dL, dW, dP, dO, dH, dI, dLp}) gpu.free(p);
    return d;
}

// The CPU sampler (java/.../backend/sampling/Sampler.java) transcribed: sort, double loops.
static std::pair<int, float> cpu_sample(std::vector<float> l, const SampleParams& p, const std::vector<int>& distinct_hist) {
    for (int t : distinct_hist) {
        float v = l[t];
        v = v > 0 ? v / p.repetition_penalty : v * p.repetition_penalty;
        l[t] = v - p.presence_penalty;
    }
    const int vocab = (int)l.size();
    if (p.temperature == 0.0f) {
        int best = 0;
        for (int i = 1; i < vocab; i++) if (l[i] > l[best]) best = i;
        double mx = -INFINITY, s = 0;
        for (float v : l) mx = std::max(mx, (double)v);
        for (float v : l) s += std::exp(v - mx);
        return {best, (float)(l[best] - (mx + std::log(s)))};
    }
    for (auto& v : l) v /= p.temperature;
    std::vector<int> order(vocab);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return l[a] + 0.0f > l[b] + 0.0f; });
    int kept = p.top_k > 0 ? std::min(p.top_k, vocab) : vocab;
    std::vector<double> prob(kept);
    const double mx = l[order[0]];
    double sum = 0;
    for (int i = 0; i < kept; i++) sum += prob[i] = std::exp(l[order[i]] - mx);
    for (int i = 0; i < kept; i++) prob[i] /= sum;
    if (p.top_p < 1.0f) {
        double cum = 0;
        int n = 0;
        while (n < kept) { cum += prob[n++]; if (cum >= p.top_p) break; }
        kept = n;
    }
    if (p.min_p > 0.0f) {
        const double floor = p.min_p * prob[0];
        int n = 1;
        while (n < kept && prob[n] >= floor) n++;
        kept = n;
    }
    double total = 0;
    for (int i = 0; i < kept; i++) total += prob[i];
    const Philox4 w = philox4x32_10(Philox4{{(uint32_t)p.position, (uint32_t)((unsigned long long)p.position >> 32), 0, 0}},
                                    (uint32_t)p.seed, (uint32_t)(p.seed >> 32));
    const unsigned long long bits = ((unsigned long long)w.v[0] << 21) ^ ((unsigned long long)w.v[1] >> 11);
    const double target = (double)(bits & ((1ULL << 53) - 1)) * 0x1.0p-53;
    double cum = 0;
    int chosen = kept - 1;
    for (int i = 0; i < kept; i++) { cum += prob[i] / total; if (target < cum) { chosen = i; break; } }
    return {order[chosen], (float)std::log(prob[chosen] / total)};
}

// vocab 32003 (5003 with --quick): rows of pure temperature sort more candidates than fit in shared memory.
static void check_sampling() {
    const int vocab = quick ? 5003 : 32003;
    // Greedy with a planted tie: lowest index wins; logprob = log-softmax.
    std::vector<float> logits = randn(vocab, 3.0f);
    logits[100] = logits[vocab - 3] = 25.0f;
    SampleParams greedy{0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0, 1, 0};
    auto d = run_sample(logits, vocab, {greedy}, {{}});
    const auto want_g = cpu_sample(logits, greedy, {});
    report(d.ids[0] == 100 && want_g.first == 100 && std::fabs(d.logprobs[0] - want_g.second) < 1e-6,
           "lb_sample greedy: argmax, lowest index on ties, log-softmax");
    SampleParams pen = greedy;
    pen.repetition_penalty = 1.3f;
    pen.presence_penalty = 30.0f;
    d = run_sample(logits, vocab, {pen}, {{100, vocab - 3}});
    report(d.ids[0] == cpu_sample(logits, pen, {100, vocab - 3}).first && d.ids[0] != 100 && d.ids[0] != vocab - 3,
           "lb_sample greedy after repetition + presence penalties");

    // Random parameters over 256 rows: the same token as the CPU sampler, and a row's draw does not change
    // with its batch mates.
    const int rows = quick ? 24 : 256;
    std::vector<float> batch = randn((size_t)rows * vocab, 2.0f);
    std::vector<SampleParams> ps;
    std::vector<std::vector<int>> hist(rows);
    std::uniform_real_distribution<float> u01(0, 1);
    for (int r = 0; r < rows; r++) {
        SampleParams p{0.3f + u01(rng), r % 3 == 0 ? 1.0f : 0.5f + 0.45f * u01(rng), r % 4 == 0 ? 0.05f : 0.0f,
                       r % 5 == 0 ? 1.2f : 1.0f, r % 7 == 0 ? 0.5f : 0.0f, r % 2 == 0 ? 40 : 0,
                       (unsigned long long)rng() << 20 | rng(), (long long)(rng() % 100000)};
        if (r % 11 == 0) p.top_p = 1.0f, p.min_p = 0.0f, p.top_k = 0;  // pure temperature: the full-sort path
        ps.push_back(p);
        if (r % 5 == 0 || r % 7 == 0) hist[r] = {r, 1000 + r, vocab - 4};
    }
    d = run_sample(batch, vocab, ps, hist);
    int same = 0, lp_ok = 0;
    for (int r = 0; r < rows; r++) {
        const auto want = cpu_sample(std::vector<float>(batch.begin() + (size_t)r * vocab, batch.begin() + (size_t)(r + 1) * vocab), ps[r], hist[r]);
        same += want.first == d.ids[r];
        lp_ok += want.first == d.ids[r] && std::fabs(want.second - d.logprobs[r]) < 1e-5;
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "lb_sample %d rows x %d, random top-k/top-p/min-p/penalties: %d/%d tokens as the CPU sampler",
                  rows, vocab, same, rows);
    report(same == rows && lp_ok == rows, buf);
    const int r0 = 5;
    auto alone = run_sample(std::vector<float>(batch.begin() + (size_t)r0 * vocab, batch.begin() + (size_t)(r0 + 1) * vocab),
                            vocab, {ps[r0]}, {hist[r0]});
    report(alone.ids[0] == d.ids[r0] && std::memcmp(&alone.logprobs[0], &d.logprobs[r0], 4) == 0,
           "lb_sample batch invariance: row alone == row in a batch of " + std::to_string(rows));
}

// The sampling kernel's algorithm, run sequentially on the host, against the CPU sampler: 400 rows of random
// logits (several scales, so kept sets range from a handful to most of the vocabulary) and parameters.
static void check_sampler_algorithm_on_host() {
    const int vocab = 5003;
    int same = 0, rows = 400;
    for (int r = 0; r < rows; r++) {
        const float scale = r % 4 == 0 ? 0.3f : r % 4 == 1 ? 1.0f : r % 4 == 2 ? 3.0f : 8.0f;
        std::vector<float> l = randn(vocab, scale);
        if (r % 9 == 0) for (int i = 0; i < vocab; i += 7) l[i] = l[0];  // many ties
        std::uniform_real_distribution<float> u01(0, 1);
        SampleParams p{0.2f + 1.5f * u01(rng), r % 3 == 0 ? 1.0f : 0.3f + 0.69f * u01(rng), r % 4 == 0 ? 0.1f * u01(rng) : 0.0f,
                       1.0f, 0.0f, r % 2 == 0 ? 1 + (int)(rng() % 200) : 0, (unsigned long long)rng(), (long long)(rng() % 100000)};
        const auto want = cpu_sample(l, p, {});
        const auto got = sampler_emulation::sample(l, p.temperature, p.top_k, p.top_p, p.min_p, p.seed, p.position);
        same += want.first == got.first && std::fabs(want.second - got.second) < 1e-5f;
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "sampling algorithm (host emulation of lb_sample) == CPU sampler on %d/%d rows", same, rows);
    report(same == rows, buf);
}

static void check_philox() {
    // Random123 kat_vectors, philox4x32_10.
    const Philox4 a = philox4x32_10(Philox4{{0, 0, 0, 0}}, 0, 0);
    const Philox4 b = philox4x32_10(Philox4{{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}}, 0xa4093822u, 0x299f31d0u);
    report(a.v[0] == 0x6627e8d5u && a.v[1] == 0xe169c58du && a.v[2] == 0xbc57ac4cu && a.v[3] == 0x9b00dbd8u &&
               b.v[0] == 0xd16cfe09u && b.v[1] == 0x94fdccebu && b.v[2] == 0x5001e420u && b.v[3] == 0x24126ea1u,
           "philox4x32_10 known-answer vectors (host build of kernels/philox.cuh)");
}

#include "check_train_kernels.hpp"

int main(int argc, char** argv) {
    check_philox();
    if (argc < 2) { std::fprintf(stderr, "usage: %s lightbulb.fatbin [--quick] | --host-only\n", argv[0]); return 2; }
    check_sampler_algorithm_on_host();
    if (std::string(argv[1]) == "--host-only") return failures ? 1 : 0;
    quick = argc > 2 && std::string(argv[2]) == "--quick";
    const std::string why = gpu.open(argv[1]);
    if (!why.empty()) { std::printf("SKIP  kernel checks: %s\n", why.c_str()); return failures ? 1 : 77; }
    std::printf("device: %s\n", gpu.name.c_str());
    check_quantize_act();
    // k from one partial chunk of blocks up to more than 32 chunks (the decode kernel stages a row in rounds of 32:
    // 8224 and 8448 end with a one-chunk round, 14336 is Llama's FFN down projection).
    for (auto [t, k] : std::vector<std::pair<WType, int>>{{WType::Q8_0, 288}, {WType::Q8_0, quick ? 1056 : 4096}, {WType::Q8_0, 8224},
                                                          {WType::Q4_0, 288}, {WType::Q4_0, 1056}, {WType::Q4_0, 14336},
                                                          {WType::Q4_K, 256}, {WType::Q4_K, 2304}, {WType::Q4_K, 14336},
                                                          {WType::Q6_K, 256}, {WType::Q6_K, 2304}, {WType::Q6_K, 8448}})
        check_qmatmul(t, k);
    for (WType t : {WType::F32, WType::F16, WType::BF16, WType::Q8_0, WType::Q4_0, WType::Q4_K, WType::Q6_K}) {
        check_matmul_float(t, false);
        if (!quick) check_matmul_float(t, true);
    }
    check_convert();
    check_rmsnorm();
    for (int neox : {0, 1})
        for (int rot_dim : {64, 32}) check_rope(neox, rot_dim);
    check_elementwise();
    for (WType t : {WType::F32, WType::F16, WType::BF16, WType::Q8_0, WType::Q4_0, WType::Q4_K, WType::Q6_K}) check_embedding(t);
    check_attention(4, 2, 64);
    check_attention(8, 2, 128);  // Llama's head_dim, GQA 4:1
    check_attention(3, 1, 30);   // scalar key loads, GQA 3:1
    check_sampling();
    check_training_kernels();
    std::printf("%s: %d failure(s)\n", failures ? "FAILED" : "ALL PASSED", failures);
    return failures ? 1 : 0;
}
