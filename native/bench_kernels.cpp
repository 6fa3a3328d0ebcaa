// Kernel timings for bench/gpu, in one run of about half a minute on an H100/H200:
//   1. the device-to-device copy bandwidth (bytes read + written): the ceiling the other lines are a % of;
//   2. GEMV (1 row) of Q8_0 / Q4_0 / Q4_K / Q6_K weights at Llama-3-8B shapes, for both paths of
//      CudaBackend.matmul: the default lb_matmul_<type> (F32 activations) and the q8 path (lb_quantize_act, then
//      lb_qmatmul_decode_<type>), plus the q8 matmul kernel alone;
//   3. batched sampling (lb_sample) against its memory floor; 4. decode attention (lb_attention_paged);
//   5. cuBLAS fp16 / bf16 GEMM (loaded with dlopen, same context and stream) and 6. our matmuls at 1..256 rows
//      against it.
// Method: data are random (weights are valid ggml blocks; never zeros); a matrix smaller than 4x the L2 cache is
// rotated among copies at different addresses, so no launch finds its weights in L2 (as in decoding, where the
// next layer's weights are cold); a measurement is the median over batches of back-to-back launches between two
// CUDA events, each batch queued behind a 1 GiB device copy so that the host has queued all of it before the
// first event fires (kernel time, not launch latency). Every launch is the one CudaBackend makes (grid, block,
// arguments, scratch layout).
// Output: one RESULT line per measurement as it completes (kept if the run is cut short), then the same lines as
// one table. Usage: lb_bench_kernels lightbulb.fatbin [--cublas PATH] [--budget SECONDS]; exit 77: no GPU.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>
#include "cublas_loader.hpp"
#include "cuda_driver.hpp"
#include "ggml_blocks.hpp"
#include "host_reference.hpp"
#include "../kernels/sample_layout.cuh"

static Gpu gpu;
static CUstream stream;
static std::mt19937 rng(7);

// ---------------------------------------------------------------- results

struct Result {
    std::string name;
    double ms, bytes;     // median time of one launch; bytes the operation must move at least
    std::string x_f16, x_bf16, note;  // cuBLAS time / this time (> 1: faster than cuBLAS); free text
};
static std::vector<Result> results;
static double copy_bytes_per_ms = 0;  // the measured ceiling

static void print_header() {
    std::printf("# RESULT name ms GB/s %%copy x_cublas_f16 x_cublas_bf16 note\n"
                "#   ms: median per launch; GB/s: bytes the operation must move (weights + activations + output, "
                "read + written for the copy) / time;\n"
                "#   %%copy: GB/s as %% of the measured device copy bandwidth; x_cublas_*: cuBLAS time / this time "
                "(> 1: faster than cuBLAS)\n");
}

static void print_result(const Result& r) {
    const double gbs = r.bytes / r.ms / 1e6;
    char pct[16] = "-";
    if (copy_bytes_per_ms > 0) std::snprintf(pct, sizeof pct, "%.1f", 100.0 * (r.bytes / r.ms) / copy_bytes_per_ms);
    std::printf("RESULT %-42s %10.4f %9.1f %7s %7s %7s %s\n", r.name.c_str(), r.ms, gbs, pct,
                r.x_f16.empty() ? "-" : r.x_f16.c_str(), r.x_bf16.empty() ? "-" : r.x_bf16.c_str(), r.note.c_str());
    std::fflush(stdout);
}

static void emit(Result r) {
    print_result(r);
    results.push_back(std::move(r));
}

static std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// ---------------------------------------------------------------- time budget

static const auto started = std::chrono::steady_clock::now();
static double budget_s = 90;

static double elapsed_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// True (and one SKIP line per section) once the budget is spent: later sections are skipped, the table still prints.
static bool out_of_time(const char* section) {
    if (elapsed_s() < budget_s) return false;
    static std::string last;
    if (last != section) std::printf("SKIP  %s: time budget of %.0f s spent\n", section, budget_s);
    last = section;
    return true;
}

// ---------------------------------------------------------------- device helpers

static CUdeviceptr alloc(size_t bytes) {
    CUdeviceptr p;
    gpu.cu.check(gpu.cu.MemAlloc(&p, bytes), "cuMemAlloc");
    return p;
}

static CUfunction kernel(const std::string& name) {
    static std::map<std::string, CUfunction> cache;
    auto it = cache.find(name);
    return it != cache.end() ? it->second : cache[name] = gpu.fn(name.c_str());
}

static void launch(const std::string& name, unsigned gx, unsigned gy, unsigned block, std::vector<void*> args) {
    args.push_back(nullptr);  // the driver reads only the kernel's arguments; native/fake_driver.cpp checks the count
    gpu.cu.check(gpu.cu.LaunchKernel(kernel(name), gx, gy, 1, block, 1, 1, 0, stream, args.data(), nullptr), name.c_str());
}

static void wait_stream() { gpu.cu.check(gpu.cu.StreamSynchronize(stream), "cuStreamSynchronize"); }

// Fills `bytes` of device memory with copies of a host chunk: one upload, then device copies that double the
// filled prefix (hundreds of MB of random data without generating them on the host).
static void fill_tiled(CUdeviceptr dst, size_t bytes, const void* chunk, size_t chunk_bytes) {
    size_t filled = std::min(bytes, chunk_bytes);
    gpu.cu.check(gpu.cu.MemcpyHtoD(dst, chunk, filled), "cuMemcpyHtoD");
    while (filled < bytes) {
        const size_t n = std::min(filled, bytes - filled);
        gpu.cu.check(gpu.cu.MemcpyDtoD(dst + filled, dst, n), "cuMemcpyDtoD");
        filled += n;
    }
}

static std::vector<float> randn(size_t count, float scale) {
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(count);
    for (auto& x : v) x = d(rng);
    return v;
}

// Device floats N(0, scale^2), tiled from 4 Mi host values.
static CUdeviceptr random_floats(size_t count, float scale) {
    const auto chunk = randn(std::min<size_t>(count, 1 << 22), scale);
    CUdeviceptr p = alloc(count * 4);
    fill_tiled(p, count * 4, chunk.data(), chunk.size() * 4);
    return p;
}

// Whether the first (up to 64 Ki) elements of an output are all finite and not all zero: a launch that did
// nothing (the buffer is poisoned with NaN first) or computed garbage is reported, not timed silently.
static bool output_ok(CUdeviceptr y, size_t count, WType type) {
    count = std::min<size_t>(count, 1 << 16);
    std::vector<float> v(count);
    if (type == WType::F32) {
        gpu.cu.check(gpu.cu.MemcpyDtoH(v.data(), y, count * 4), "cuMemcpyDtoH");
    } else {
        std::vector<uint16_t> h(count);
        gpu.cu.check(gpu.cu.MemcpyDtoH(h.data(), y, count * 2), "cuMemcpyDtoH");
        for (size_t i = 0; i < count; i++) v[i] = type == WType::F16 ? half_to_float(h[i]) : bf16_to_float(h[i]);
    }
    bool nonzero = false;
    for (float x : v) {
        if (!std::isfinite(x)) return false;
        nonzero |= x != 0.0f;
    }
    return nonzero;
}

// ---------------------------------------------------------------- timing

// Median per-launch time of launch(i), i counting every launch (for rotating buffers); see the file comment.
struct Timer {
    static constexpr int kBatches = 11, kMaxPerBatch = 32;
    static constexpr double kBatchMs = 0.5;  // work per batch; its launches must be queued within the blocker's time
    CUdeviceptr blocker_src = 0, blocker_dst = 0;
    size_t blocker_bytes = 0;
    CUevent a = nullptr, b = nullptr;
    long long counter = 0;
    bool host_bound = false;  // the last measurement had a batch whose first event fired before all launches were queued

    void init() {
        blocker_bytes = (size_t)1 << 30;
        std::vector<uint8_t> chunk(16 << 20);
        for (auto& x : chunk) x = (uint8_t)rng();
        blocker_src = alloc(blocker_bytes);
        blocker_dst = alloc(blocker_bytes);
        fill_tiled(blocker_src, blocker_bytes, chunk.data(), chunk.size());
        gpu.cu.check(gpu.cu.EventCreate(&a, 0), "cuEventCreate");
        gpu.cu.check(gpu.cu.EventCreate(&b, 0), "cuEventCreate");
    }

    float between_events() {
        gpu.cu.check(gpu.cu.EventSynchronize(b), "cuEventSynchronize");
        float ms = 0;
        gpu.cu.check(gpu.cu.EventElapsedTime(&ms, a, b), "cuEventElapsedTime");
        return ms;
    }

    double median_ms(const std::function<void(long long)>& launch_one) {
        for (int i = 0; i < 3; i++) launch_one(counter++);  // lazy module loading, cuBLAS heuristics, clocks
        wait_stream();
        gpu.cu.EventRecord(a, stream);
        launch_one(counter++);
        gpu.cu.EventRecord(b, stream);
        const double estimate = std::max(1e-4, (double)between_events());
        const int per_batch = std::clamp((int)std::ceil(kBatchMs / estimate), 1, kMaxPerBatch);
        host_bound = false;
        std::vector<double> t;
        for (int batch = 0; batch < kBatches; batch++) {
            gpu.cu.check(gpu.cu.MemcpyDtoDAsync(blocker_dst, blocker_src, blocker_bytes, stream), "blocker copy");
            gpu.cu.EventRecord(a, stream);
            for (int i = 0; i < per_batch; i++) launch_one(counter++);
            gpu.cu.EventRecord(b, stream);
            host_bound |= gpu.cu.EventQuery(a) == CUDA_SUCCESS;
            t.push_back(between_events() / per_batch);
        }
        std::sort(t.begin(), t.end());
        return t[t.size() / 2];
    }
};
static Timer timer;

static std::string timing_note() { return timer.host_bound ? "host-bound?" : ""; }

// ---------------------------------------------------------------- weights

// Random valid blocks of one weight type tiled over device memory. Matrices of that type are views into it at
// offsets that keep the block boundaries and 256-byte alignment (as cuMemAlloc gives CudaBackend.upload), each
// followed by 16 bytes of padding (as CudaBackend.upload adds for the 16-byte staging windows).
struct Arena {
    WType type;
    CUdeviceptr base = 0;
    size_t bytes = 0;

    size_t stride(size_t matrix_bytes) const {
        const size_t unit = std::lcm<size_t>(256, block_bytes(type));
        return (matrix_bytes + 16 + unit - 1) / unit * unit;
    }

    // As many views as it takes to cover `rotate_bytes` (at least one, at most what fits).
    std::vector<CUdeviceptr> views(size_t matrix_bytes, size_t rotate_bytes) const {
        const size_t want = std::max<size_t>(1, (rotate_bytes + matrix_bytes - 1) / matrix_bytes);
        const size_t fit = bytes / stride(matrix_bytes);
        std::vector<CUdeviceptr> v;
        for (size_t i = 0; i < std::min(want, fit); i++) v.push_back(base + i * stride(matrix_bytes));
        return v;
    }
};

static size_t rotate_bytes = 0;  // 4x L2

static Arena make_arena(WType t, size_t largest_matrix_bytes) {
    Arena a{t};
    a.bytes = a.stride(largest_matrix_bytes) + a.stride(rotate_bytes) + a.stride(0);
    const size_t chunk_blocks = (16 << 20) / block_bytes(t);
    const auto chunk = random_weights(t, (int)chunk_blocks, block_elems(t), rng);
    a.base = alloc(a.bytes);
    fill_tiled(a.base, a.bytes, chunk.data(), chunk.size());
    return a;
}

struct Shape { int n, k; };
static std::string shape_name(Shape s) { return std::to_string(s.n) + "x" + std::to_string(s.k); }

// Llama-3-8B: attention out (4096^2), FFN gate/up (14336x4096) and down (4096x14336), K/V (1024x4096), output layer.
static const std::vector<Shape> kGemvShapes = {{4096, 4096}, {14336, 4096}, {4096, 14336}, {1024, 4096}, {128256, 4096}};
static const std::vector<Shape> kGemmShapes = {{4096, 4096}, {14336, 4096}, {4096, 14336}, {128256, 4096}};
static const std::vector<int> kGemmRows = {1, 8, 16, 32, 64, 256};
static const std::vector<WType> kQuantTypes = {WType::Q8_0, WType::Q4_0, WType::Q4_K, WType::Q6_K};
static constexpr int kMaxRows = 256;

// Activations and outputs, allocated once at the largest shape; a measurement uses their prefix.
struct Buffers {
    CUdeviceptr x = 0;        // F32 [kMaxRows, max k], N(0, 1)
    CUdeviceptr q8 = 0;       // the q8 path's scratch: xq | dx | xsum, as CudaBackend lays it out
    CUdeviceptr y = 0;        // F32 [kMaxRows, max n]
    CUdeviceptr x16 = 0, xb16 = 0, y16 = 0;  // cuBLAS: the same activations in fp16 / bf16, and the output
};
static Buffers buf;

static long long align256(long long b) { return (b + 255) & ~255LL; }

// ---------------------------------------------------------------- launches, exactly as CudaBackend.matmul

// FLOAT_ACTIVATIONS (the default): lb_matmul_<type>, one warp per output column, or lb_matmul_<type>_c4, four
// columns per warp, above 8 rows.
static void matmul_float(WType t, CUdeviceptr w, int n, int k, int rows) {
    long long rb = (long long)row_bytes(t, k);
    CUdeviceptr x = buf.x, y = buf.y;
    const bool wide = rows > 8;
    launch(std::string("lb_matmul_") + wtype_name(t) + (wide ? "_c4" : ""), wide ? (n + 15) / 16 : (n + 3) / 4, 1, 128,
           {&w, &rb, &x, &y, &n, &k, &rows});
}

struct Q8Scratch { CUdeviceptr xq, dx, xsum; };
static Q8Scratch q8_scratch(int rows, int k) {
    const long long blocks = (long long)rows * (k / 32);
    const CUdeviceptr dx = buf.q8 + align256((long long)rows * k);
    return {buf.q8, dx, dx + 4 * blocks};
}

static void quantize_act(int rows, int k) {
    Q8Scratch s = q8_scratch(rows, k);
    const long long blocks = (long long)rows * (k / 32);
    CUdeviceptr x = buf.x;
    launch("lb_quantize_act", (unsigned)((blocks + 3) / 4), 1, 128, {&x, &s.xq, &s.dx, &s.xsum, &rows, &k});
}

// Q8_ACTIVATIONS: the dp4a decode kernel up to 8 rows (CudaBackend.DECODE_MAX_ROWS), the mma kernel above.
static void qmatmul(WType t, CUdeviceptr w, int n, int k, int rows) {
    Q8Scratch s = q8_scratch(rows, k);
    long long rb = (long long)row_bytes(t, k);
    CUdeviceptr y = buf.y;
    std::vector<void*> args = {&w, &rb, &s.xq, &s.dx, &s.xsum, &y, &n, &k, &rows};
    if (rows <= 8) launch(std::string("lb_qmatmul_decode_") + wtype_name(t), (n + 3) / 4, 1, 128, args);
    else launch(std::string("lb_qmatmul_mma_") + wtype_name(t), (n + 15) / 16, (rows + 31) / 32, 32, args);
}

enum class Path { Float, Q8, Q8Kernel };
static const char* path_name(Path p) { return p == Path::Float ? "float" : p == Path::Q8 ? "q8" : "q8-kernel"; }

// Times one matmul over rotating weight views; fills the note when the output is not sane.
static Result time_matmul(const Arena& arena, Shape s, int rows, Path path, const std::string& name) {
    const WType t = arena.type;
    const size_t wbytes = row_bytes(t, s.k) * (size_t)s.n;
    const auto views = arena.views(wbytes, rotate_bytes);
    gpu.cu.check(gpu.cu.MemsetD8(buf.y, 0xFF, (size_t)rows * s.n * 4), "cuMemsetD8");  // NaN until written
    if (path == Path::Q8Kernel) quantize_act(rows, s.k);
    const double ms = timer.median_ms([&](long long i) {
        const CUdeviceptr w = views[i % views.size()];
        if (path == Path::Float) matmul_float(t, w, s.n, s.k, rows);
        else {
            if (path == Path::Q8) quantize_act(rows, s.k);
            qmatmul(t, w, s.n, s.k, rows);
        }
    });
    // Bytes the operation must move: the weights, the F32 activations in (their int8 blocks for the kernel alone)
    // and the F32 output.
    const double act = path == Path::Q8Kernel ? rows * s.k * (1.0 + 8.0 / 32) : 4.0 * rows * s.k;
    Result r{name, ms, (double)wbytes + act + 4.0 * rows * s.n};
    r.note = timing_note();
    if (!output_ok(buf.y, (size_t)rows * s.n, WType::F32)) r.note += " BAD-OUTPUT(non-finite or all zero)";
    r.note += " views=" + std::to_string(views.size());
    return r;
}

// ---------------------------------------------------------------- sections

static void bench_copy() {
    const size_t bytes = timer.blocker_bytes;
    const double ms = timer.median_ms([&](long long) {
        gpu.cu.check(gpu.cu.MemcpyDtoDAsync(timer.blocker_dst, timer.blocker_src, bytes, stream), "cuMemcpyDtoDAsync");
    });
    copy_bytes_per_ms = 2.0 * bytes / ms;
    emit(Result{"copy:d2d:1GiB", ms, 2.0 * bytes, "", "", "the ceiling (read + write)"});
}

static void bench_gemv(const std::map<WType, Arena>& arenas) {
    for (Shape s : kGemvShapes)
        for (WType t : kQuantTypes)
            for (Path p : {Path::Float, Path::Q8, Path::Q8Kernel}) {
                if (out_of_time("gemv")) return;
                emit(time_matmul(arenas.at(t), s, 1, p,
                                 std::string("gemv:") + wtype_name(t) + ":" + shape_name(s) + ":" + path_name(p)));
            }
}

// lb_sample as CudaBackend.sample launches it: one CTA of SAMPLE_THREADS per row, rows x sample_work_bytes(vocab)
// of work memory, no penalty history. The floor: reading the logits once at the copy bandwidth.
static void bench_sampling() {
    if (out_of_time("sampling")) return;
    int rows = 256, vocab = 128256;
    CUdeviceptr logits = random_floats((size_t)rows * vocab, 3.0f);
    const size_t work_bytes = (size_t)sample_work_bytes(vocab) * rows;
    CUdeviceptr work = alloc(work_bytes), offsets = gpu.upload(std::vector<int>(rows + 1, 0)),
                history = gpu.upload(std::vector<int>{0}), ids = alloc(4 * rows), logprobs = alloc(4 * rows);
    struct Setting { const char* name; float temperature, top_p; int top_k; };
    for (Setting st : {Setting{"k40,p0.9,T0.7", 0.7f, 0.9f, 40}, Setting{"p0.9,T0.7", 0.7f, 0.9f, 0}}) {
        std::vector<SampleParams> ps(rows);
        for (int r = 0; r < rows; r++) ps[r] = SampleParams{st.temperature, st.top_p, 0.0f, 1.0f, 0.0f, st.top_k, 1234, r};
        CUdeviceptr params = gpu.upload(ps);
        gpu.cu.check(gpu.cu.MemsetD8(ids, 0xFF, 4 * rows), "cuMemsetD8");
        const double ms = timer.median_ms([&](long long) {
            launch("lb_sample", rows, 1, SAMPLE_THREADS, {&logits, &work, &vocab, &params, &offsets, &history, &ids, &logprobs});
        });
        const double bytes = 4.0 * rows * vocab;
        Result r{std::string("sample:256x128256:") + st.name, ms, bytes};
        r.note = "floor_x=" + fmt("%.2f", ms / (bytes / copy_bytes_per_ms)) + " (time / logits bytes at copy bw) " + timing_note();
        const auto got = gpu.download<int>(ids, rows);
        const auto lp = gpu.download<float>(logprobs, rows);
        for (int i = 0; i < rows; i++)
            if (got[i] < 0 || got[i] >= vocab || !(lp[i] <= 0.0f)) { r.note += " BAD-OUTPUT(id or logprob)"; break; }
        emit(r);
        gpu.free(params);
    }
    for (auto p : {logits, work, offsets, history, ids, logprobs}) gpu.free(p);
}

// lb_attention_paged as CudaBackend.attention launches it: grid (rows, heads), one warp, the SPI's arguments.
static void bench_attention() {
    if (out_of_time("attention")) return;
    int seqs = 64, ctx = 2048, heads = 32, kv_heads = 8, head_dim = 128, block_size = 16, window = 0;
    const int blocks_per_seq = ctx / block_size, kv_dim = kv_heads * head_dim;
    const size_t kv = (size_t)seqs * ctx * kv_dim;
    CUdeviceptr k_cache = random_floats(kv, 1.0f), v_cache = random_floats(kv, 1.0f);
    std::vector<int> tables(seqs * blocks_per_seq), positions(seqs, ctx - 1), offsets(seqs);
    std::iota(tables.begin(), tables.end(), 0);
    std::shuffle(tables.begin(), tables.end(), rng);  // a paged cache: a sequence's blocks are scattered
    for (int s = 0; s < seqs; s++) offsets[s] = s * blocks_per_seq;
    CUdeviceptr q = gpu.upload(randn((size_t)seqs * heads * head_dim, 1.0f)), t = gpu.upload(tables),
                pos = gpu.upload(positions), off = gpu.upload(offsets), out = gpu.poisoned((size_t)seqs * heads * head_dim * 4);
    float scale = 1.0f / std::sqrt((float)head_dim);
    const double ms = timer.median_ms([&](long long) {
        launch("lb_attention_paged", seqs, heads, 32, {&out, &q, &k_cache, &v_cache, &pos, &t, &off, &block_size, &heads,
                                                       &kv_heads, &head_dim, &scale, &window});
    });
    Result r{"attention:decode:64x2048:h32/8:d128", ms, 2.0 * kv * 4, "", "", "bytes: K+V once " + timing_note()};
    if (!output_ok(out, (size_t)seqs * heads * head_dim, WType::F32)) r.note += " BAD-OUTPUT";
    emit(r);
    for (auto p : {k_cache, v_cache, q, t, pos, off, out}) gpu.free(p);
}

// ---------------------------------------------------------------- cuBLAS

static cublas::Library blas;
static cublas::Handle blas_handle = nullptr;
static std::map<std::string, double> cublas_ms;  // "f16:4096x4096:r8" -> ms

// y[rows, n] = x[rows, k] . W^T with W [n, k] row-major, as torch.nn.functional.linear calls cuBLAS: column-major
// C (n x rows) = op_T(W as k x n) . x (k x rows). fp32 accumulation, output in the input type.
static cublas::Status cublas_gemm(WType t, CUdeviceptr w, Shape s, int rows) {
    const int type = t == WType::F16 ? cublas::R_16F : cublas::R_16BF;
    const float one = 1.0f, zero = 0.0f;
    const CUdeviceptr x = t == WType::F16 ? buf.x16 : buf.xb16;
    return blas.GemmEx(blas_handle, cublas::OP_T, cublas::OP_N, s.n, rows, s.k, &one, (const void*)w, type, s.k,
                       (const void*)x, type, s.k, &zero, (void*)buf.y16, type, s.n, cublas::COMPUTE_32F,
                       cublas::GEMM_DEFAULT);
}

// Loads cuBLAS and proves the call computes our GEMM: cuBLAS fp16 / bf16 against lb_matmul_f16 / _bf16 on the same
// weights and (rounded) activations, at a non-square shape. Returns false (after a SKIP line) when unusable.
static bool open_cublas(const std::string& path, const std::map<WType, Arena>& arenas) {
#ifdef LB_CUDA_LIBDIR
    const std::string toolkit = LB_CUDA_LIBDIR;
#else
    const std::string toolkit;
#endif
    const char* cuda_home = std::getenv("CUDA_HOME");
    const std::string why = blas.load(path, {toolkit, cuda_home ? std::string(cuda_home) + "/lib64" : "", "/usr/local/cuda/lib64"});
    if (!why.empty()) {
        std::printf("SKIP  cuBLAS baseline: %s\n      (pass --cublas /path/to/libcublas.so.13)\n", why.c_str());
        return false;
    }
    cublas::Status st = blas.Create(&blas_handle);
    if (st != 0) {
        std::printf("SKIP  cuBLAS baseline: cublasCreate returned status %d (%s)\n", st, blas.path.c_str());
        return false;
    }
    blas.SetStream(blas_handle, stream);
    int version = 0;
    blas.GetVersion(blas_handle, &version);
    std::printf("cuBLAS %d from %s\n", version, blas.path.c_str());
    const Shape s{14336, 4096};
    const int rows = 8;
    for (WType t : {WType::F16, WType::BF16}) {
        const CUdeviceptr w = arenas.at(t).base;
        gpu.cu.check(gpu.cu.MemsetD8(buf.y16, 0xFF, (size_t)rows * s.n * 2), "cuMemsetD8");
        st = cublas_gemm(t, w, s, rows);
        if (st != 0) {
            std::printf("SKIP  cuBLAS baseline: cublasGemmEx returned status %d\n", st);
            return false;
        }
        matmul_float(t, w, s.n, s.k, rows);  // buf.x holds the same activations widened (see main)
        wait_stream();
        const auto ours = gpu.download<float>(buf.y, (size_t)rows * s.n);
        const auto theirs16 = gpu.download<uint16_t>(buf.y16, (size_t)rows * s.n);
        std::vector<double> theirs(theirs16.size());
        for (size_t i = 0; i < theirs.size(); i++)
            theirs[i] = t == WType::F16 ? half_to_float(theirs16[i]) : bf16_to_float(theirs16[i]);
        const double err = rel_error(ours, theirs);
        const bool ok = err < 2e-2;
        std::printf("%s  cuBLAS %s GEMM 14336x4096 rows=8 == lb_matmul_%s (rel.err %.2g)\n", ok ? "PASS" : "FAIL",
                    wtype_name(t), wtype_name(t), err);
        if (!ok) {
            std::printf("SKIP  cuBLAS baseline: its result is not our GEMM\n");
            return false;
        }
    }
    return true;
}

static void bench_cublas(const std::map<WType, Arena>& arenas) {
    for (Shape s : kGemmShapes)
        for (int rows : kGemmRows)
            for (WType t : {WType::F16, WType::BF16}) {
                if (out_of_time("cublas")) return;
                const auto views = arenas.at(t).views((size_t)s.n * s.k * 2, rotate_bytes);
                gpu.cu.check(gpu.cu.MemsetD8(buf.y16, 0xFF, (size_t)rows * s.n * 2), "cuMemsetD8");
                cublas::Status st = 0;
                const double ms = timer.median_ms([&](long long i) {
                    const cublas::Status e = cublas_gemm(t, views[i % views.size()], s, rows);
                    if (e != 0) st = e;
                });
                const std::string key = std::string(wtype_name(t)) + ":" + shape_name(s) + ":r" + std::to_string(rows);
                Result r{"cublas:" + key, ms, 2.0 * ((double)s.n * s.k + (double)rows * s.k + (double)rows * s.n)};
                r.note = timing_note() + " views=" + std::to_string(views.size());
                if (st != 0) r.note += " CUBLAS-STATUS=" + std::to_string(st);
                else cublas_ms[key] = ms;
                if (!output_ok(buf.y16, (size_t)rows * s.n, t)) r.note += " BAD-OUTPUT";
                emit(r);
            }
}

static void bench_gemm(const std::map<WType, Arena>& arenas) {
    for (Shape s : kGemmShapes)
        for (int rows : kGemmRows)
            for (WType t : {WType::Q4_0, WType::Q4_K, WType::Q6_K, WType::Q8_0, WType::F16, WType::BF16})
                for (Path p : {Path::Float, Path::Q8}) {
                    if (p == Path::Q8 && !is_quant(t)) continue;
                    if (out_of_time("gemm")) return;
                    const std::string shape_rows = shape_name(s) + ":r" + std::to_string(rows);
                    Result r = time_matmul(arenas.at(t), s, rows, p,
                                           std::string("gemm:") + wtype_name(t) + ":" + shape_rows + ":" + path_name(p));
                    auto f16 = cublas_ms.find("f16:" + shape_rows), bf16 = cublas_ms.find("bf16:" + shape_rows);
                    if (f16 != cublas_ms.end()) r.x_f16 = fmt("%.2f", f16->second / r.ms);
                    if (bf16 != cublas_ms.end()) r.x_bf16 = fmt("%.2f", bf16->second / r.ms);
                    emit(r);
                }
}

// ---------------------------------------------------------------- main

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s lightbulb.fatbin [--cublas PATH] [--budget SECONDS]\n", argv[0]);
        return 2;
    }
    std::string cublas_path = std::getenv("LB_CUBLAS") ? std::getenv("LB_CUBLAS") : "";
    for (int i = 2; i < argc; i++) {
        const std::string a = argv[i];
        if (a == "--cublas" && i + 1 < argc) cublas_path = argv[++i];
        else if (a == "--budget" && i + 1 < argc) budget_s = std::atof(argv[++i]);
        else {
            std::fprintf(stderr, "unknown argument %s\nusage: %s lightbulb.fatbin [--cublas PATH] [--budget SECONDS]\n",
                         a.c_str(), argv[0]);
            return 2;
        }
    }
    const std::string why = gpu.open(argv[1]);
    if (!why.empty()) {
        std::printf("SKIP  kernel timing: %s\n", why.c_str());
        return 77;
    }
    gpu.cu.check(gpu.cu.StreamCreate(&stream, 0), "cuStreamCreate");
    int driver = 0;
    gpu.cu.DriverGetVersion(&driver);
    size_t free_mem = 0, total_mem = 0;
    gpu.cu.MemGetInfo(&free_mem, &total_mem);
    const int l2 = gpu.attribute(CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE);
    rotate_bytes = std::max<size_t>(4 * (size_t)l2, 64 << 20);
    std::printf("device: %s, sm_%d%d, %d SMs, L2 %.1f MB, %.1f GB, driver API %d.%d; budget %.0f s\n", gpu.name.c_str(),
                gpu.attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                gpu.attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                gpu.attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), l2 / 1e6, total_mem / 1e9, driver / 1000,
                driver % 1000 / 10, budget_s);
    print_header();

    timer.init();
    bench_copy();

    std::map<WType, Arena> arenas;
    for (WType t : kQuantTypes) arenas.emplace(t, make_arena(t, row_bytes(t, 4096) * 128256));
    for (WType t : {WType::F16, WType::BF16}) arenas.emplace(t, make_arena(t, row_bytes(t, 4096) * 128256));
    const int max_k = 14336, max_n = 128256;
    // Activations N(0, 1) rounded to bf16, which fp16 also holds exactly (8 significant bits, |x| in fp16's normal
    // range): the F32, fp16 and bf16 buffers carry the same numbers, so every path multiplies the same matrices.
    {
        const auto x = randn((size_t)kMaxRows * max_k, 1.0f);
        std::vector<uint16_t> h(x.size()), b(x.size());
        std::vector<float> widened(x.size());
        for (size_t i = 0; i < x.size(); i++) {
            b[i] = float_to_bf16(std::fabs(x[i]) < 1e-4f ? std::copysign(1e-4f, x[i]) : x[i]);
            widened[i] = bf16_to_float(b[i]);
            h[i] = float_to_half(widened[i]);
        }
        buf.x = gpu.upload(widened);
        buf.x16 = gpu.upload(h);
        buf.xb16 = gpu.upload(b);
    }
    buf.q8 = alloc((size_t)kMaxRows * max_k + 8 * (size_t)kMaxRows * (max_k / 32) + 256);
    buf.y = alloc((size_t)kMaxRows * max_n * 4);
    buf.y16 = alloc((size_t)kMaxRows * max_n * 2);
    std::printf("setup done after %.1f s\n", elapsed_s());

    bench_gemv(arenas);
    bench_sampling();
    bench_attention();
    if (open_cublas(cublas_path, arenas)) bench_cublas(arenas);
    bench_gemm(arenas);

    std::printf("==== summary: lb_bench_kernels on %s, %zu measurements in %.1f s ====\n", gpu.name.c_str(), results.size(),
                elapsed_s());
    print_header();
    for (const auto& r : results) print_result(r);
    if (blas_handle) blas.Destroy(blas_handle);
    return 0;
}
