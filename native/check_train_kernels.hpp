// Checks of the training kernels (kernels/train_*.cu), part of lb_check_kernels: included by check_kernels.cpp after
// its helpers (gpu, rng, quick, report, randn, bitwise_equal). Where a kernel keeps one thread's sequential float
// order (matmul, bias and embedding gradients, AdamW, scale, axpy) the host emulates that order and the GPU must
// match it bit for bit; the rest is checked against float64 references.
#pragma once

static std::vector<float> download_floats(CUdeviceptr p, size_t n) { return gpu.download<float>(p, n); }

// lb_train_matmul_input_grad_<type>: dx = dy . W (then += on top), W dequantised as the forward does; rows = 37
// crosses the 16-row tile, k the 128-column block. Also lb_train_matmul_weight_grad and lb_train_bias_grad (F32).
static void check_train_matmul(WType t) {
    int n = 37, rows = 37;
    int k = t == WType::Q4_K || t == WType::Q6_K ? 768 : is_quant(t) ? 288 : 301;
    const auto w = random_weights(t, n, k, rng);
    std::vector<DecodedRow> dec;
    for (int j = 0; j < n; j++) dec.push_back(decode_row(t, w.data() + j * row_bytes(t, k), k));
    const auto dy = randn((size_t)rows * n);
    std::vector<float> want((size_t)rows * k, 0.0f);
    for (int pass = 0; pass < 2; pass++)  // the kernel's order: j ascending, one fma per term, from 0 then from dx
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < k; i++) {
                float acc = want[(size_t)r * k + i];
                for (int j = 0; j < n; j++) acc = std::fma(dec[j].value[i], dy[(size_t)r * n + j], acc);
                want[(size_t)r * k + i] = acc;
            }
    CUdeviceptr dW = gpu.upload(w), dY = gpu.upload(dy), dX = gpu.poisoned((size_t)rows * k * 4);
    long long rb = (long long)row_bytes(t, k);
    const std::string name = std::string("lb_train_matmul_input_grad_") + wtype_name(t);
    for (int accumulate : {0, 1})
        gpu.launch(gpu.fn(name.c_str()), (k + 127) / 128, (rows + 15) / 16, 128, {&dW, &rb, &dY, &dX, &n, &k, &rows, &accumulate}, name.c_str());
    report(bitwise_equal(download_floats(dX, want.size()), want), shape("train input grad (exact order)", t, n, k, rows));
    for (auto p : {dW, dY, dX}) gpu.free(p);
    if (t != WType::F32) return;

    rows = 19;
    const auto x = randn((size_t)rows * k), dy2 = randn((size_t)rows * n), dw0 = randn((size_t)n * k), db0 = randn(n);
    std::vector<float> want_w = dw0, want_b = db0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < k; i++)
            for (int r = 0; r < rows; r++)
                want_w[(size_t)j * k + i] = std::fma(x[(size_t)r * k + i], dy2[(size_t)r * n + j], want_w[(size_t)j * k + i]);
    for (int i = 0; i < n; i++)
        for (int r = 0; r < rows; r++) want_b[i] += dy2[(size_t)r * n + i];
    CUdeviceptr dX2 = gpu.upload(x), dY2 = gpu.upload(dy2), dDw = gpu.upload(dw0), dDb = gpu.upload(db0);
    gpu.launch(gpu.fn("lb_train_matmul_weight_grad"), (k + 127) / 128, (n + 15) / 16, 128, {&dY2, &dX2, &dDw, &n, &k, &rows},
               "lb_train_matmul_weight_grad");
    gpu.launch(gpu.fn("lb_train_bias_grad"), (n + 127) / 128, 1, 128, {&dY2, &dDb, &n, &rows}, "lb_train_bias_grad");
    report(bitwise_equal(download_floats(dDw, want_w.size()), want_w), "lb_train_matmul_weight_grad n=37 k=301 rows=19 (exact order)");
    report(bitwise_equal(download_floats(dDb, want_b.size()), want_b), "lb_train_bias_grad n=37 rows=19 (exact order)");
    for (auto p : {dX2, dY2, dDw, dDb}) gpu.free(p);
}

static void check_train_rmsnorm() {
    int rows = 5, dim = 300, accumulate = 1;
    float eps = 1e-5f;
    const auto x = randn((size_t)rows * dim, 2.0f), w = randn(dim), dy = randn((size_t)rows * dim), dx0 = randn((size_t)rows * dim),
               dw0 = randn(dim);
    std::vector<double> want_dx(dx0.begin(), dx0.end()), want_dw(dw0.begin(), dw0.end());
    for (int r = 0; r < rows; r++) {
        const size_t o = (size_t)r * dim;
        double ss = 0, dot = 0;
        for (int i = 0; i < dim; i++) ss += (double)x[o + i] * x[o + i], dot += (double)dy[o + i] * w[i] * x[o + i];
        const double s = 1.0 / std::sqrt(ss / dim + eps);
        for (int i = 0; i < dim; i++) {
            want_dx[o + i] += s * w[i] * dy[o + i] - x[o + i] * s * s * s * dot / dim;
            want_dw[i] += dy[o + i] * x[o + i] * s;
        }
    }
    CUdeviceptr dX = gpu.upload(x), dW = gpu.upload(w), dDy = gpu.upload(dy), dDx = gpu.upload(dx0), dDw = gpu.upload(dw0),
                dS = gpu.poisoned(rows * 4);
    gpu.launch(gpu.fn("lb_train_rmsnorm_backward"), rows, 1, 256, {&dX, &dW, &dDy, &dDx, &dS, &dim, &eps, &accumulate},
               "lb_train_rmsnorm_backward");
    gpu.launch(gpu.fn("lb_train_rmsnorm_weight_grad"), (dim + 127) / 128, 1, 128, {&dX, &dDy, &dS, &dDw, &dim, &rows},
               "lb_train_rmsnorm_weight_grad");
    double err = rel_error(download_floats(dDx, want_dx.size()), want_dx);
    report(err < 1e-6, "lb_train_rmsnorm_backward dx (accumulated) rows=5 dim=300", err);
    err = rel_error(download_floats(dDw, want_dw.size()), want_dw);
    report(err < 1e-6, "lb_train_rmsnorm_weight_grad rows=5 dim=300", err);
    for (auto p : {dX, dW, dDy, dDx, dDw, dS}) gpu.free(p);
}

static void check_train_swiglu() {
    long long count = quick ? 10007 : 100003;
    const auto g = randn(count, 3.0f), u = randn(count), d = randn(count);
    std::vector<double> want_g(count), want_u(count);
    for (long long i = 0; i < count; i++) {
        const double sig = 1.0 / (1.0 + std::exp(-(double)g[i]));
        want_g[i] = (double)d[i] * u[i] * sig * (1 + g[i] * (1 - sig));
        want_u[i] = (double)d[i] * g[i] * sig;
    }
    CUdeviceptr dG = gpu.upload(g), dU = gpu.upload(u), dD = gpu.upload(d);
    // in place, as the contract allows: dGate over gate, dUp over up
    gpu.launch(gpu.fn("lb_train_swiglu_backward"), (unsigned)((count + 255) / 256), 1, 256, {&dG, &dU, &dD, &dG, &dU, &count},
               "lb_train_swiglu_backward");
    const double eg = rel_error(download_floats(dG, count), want_g), eu = rel_error(download_floats(dU, count), want_u);
    report(eg < 1e-6 && eu < 1e-6, "lb_train_swiglu_backward in place, count=" + std::to_string(count), std::max(eg, eu));
    for (auto p : {dG, dU, dD}) gpu.free(p);
}

// lb_train_rope_backward undoes lb_rope (and equals the float64 inverse rotation), both layouts, partial rotary.
static void check_train_rope(int neox, int rot_dim) {
    RopeCase c(neox, rot_dim, -1.0);
    auto &x = c.x;
    auto &pos = c.pos;
    auto &inv = c.inv;
    auto &want = c.want;
    int rows = c.rows, heads = c.heads, head_dim = c.head_dim;
    CUdeviceptr dX = gpu.upload(x), dP = gpu.upload(pos), dI = gpu.upload(inv);
    const unsigned blocks = (unsigned)((rows * heads * rot_dim / 2 + 127) / 128);
    gpu.launch(gpu.fn("lb_train_rope_backward"), blocks, 1, 128, {&dX, &dP, &dI, &rows, &heads, &head_dim, &rot_dim, &neox},
               "lb_train_rope_backward");
    const double err = rel_error(download_floats(dX, x.size()), want);
    gpu.launch(gpu.fn("lb_rope"), blocks, 1, 128, {&dX, &dP, &dI, &rows, &heads, &head_dim, &rot_dim, &neox}, "lb_rope");
    const double round_trip = rel_error(download_floats(dX, x.size()), std::vector<double>(x.begin(), x.end()));
    report(err < 1e-5 && round_trip < 1e-5, std::string("lb_train_rope_backward ") + (neox ? "neox" : "norm") + " rot_dim " +
           std::to_string(rot_dim) + " of 64, and lb_rope after it is the identity", std::max(err, round_trip));
    for (auto p : {dX, dP, dI}) gpu.free(p);
}

// Repeated ids add up in row order (bit-exact emulation); a bad id is flagged and skipped.
static void check_train_embedding() {
    int vocab = 50, dim = 300;
    std::vector<int> ids = {3, 49, 0, 3, 17, 3, 60};
    int rows = (int)ids.size();
    const auto dy = randn((size_t)rows * dim), table = randn((size_t)vocab * dim);
    std::vector<float> want = table;
    for (int r = 0; r < rows; r++)
        if (ids[r] < vocab)
            for (int i = 0; i < dim; i++) want[(size_t)ids[r] * dim + i] += dy[(size_t)r * dim + i];
    CUdeviceptr dDy = gpu.upload(dy), dI = gpu.upload(ids), dT = gpu.upload(table), dBad = gpu.upload(std::vector<int>{INT32_MIN});
    gpu.launch(gpu.fn("lb_train_embedding_backward"), (dim + 127) / 128, 1, 128, {&dDy, &dI, &dT, &rows, &dim, &vocab, &dBad},
               "lb_train_embedding_backward");
    report(bitwise_equal(download_floats(dT, want.size()), want) && gpu.download<int>(dBad, 1)[0] == 60,
           "lb_train_embedding_backward repeated ids in row order (exact), bad id 60 flagged");
    for (auto p : {dDy, dI, dT, dBad}) gpu.free(p);
}

// Packed documents of 37, 5 and 70 rows: forward (out, lse) and backward (dq, dk, dv) against float64.
static void check_train_attention(int heads, int kv_heads, int head_dim, int window) {
    const int lens[3] = {37, 5, 70};
    std::vector<int> starts;
    for (int d = 0, r = 0; d < 3; r += lens[d++])
        for (int i = 0; i < lens[d]; i++) starts.push_back(r);
    int rows = (int)starts.size(), kv_dim = kv_heads * head_dim, group = heads / kv_heads;
    float scale = 1.0f / std::sqrt((float)head_dim);
    const size_t qn = (size_t)rows * heads * head_dim, kn = (size_t)rows * kv_dim;
    const auto q = randn(qn), k = randn(kn), v = randn(kn), dout = randn(qn);
    auto lo = [&](int r) { return window > 0 ? std::max(starts[r], r - window + 1) : starts[r]; };
    auto score = [&](int r, int h, int j) {
        double s = 0;
        for (int e = 0; e < head_dim; e++)
            s += (double)q[((size_t)r * heads + h) * head_dim + e] * k[(size_t)j * kv_dim + h / group * head_dim + e];
        return s * scale;
    };
    std::vector<double> out(qn, 0.0), lse((size_t)rows * heads), dq(qn, 0.0), dk(kn, 0.0), dv(kn, 0.0);
    for (int r = 0; r < rows; r++)
        for (int h = 0; h < heads; h++) {
            double mx = -1e300, sum = 0;
            for (int j = lo(r); j <= r; j++) mx = std::max(mx, score(r, h, j));
            for (int j = lo(r); j <= r; j++) sum += std::exp(score(r, h, j) - mx);
            const double l = mx + std::log(sum);
            lse[(size_t)r * heads + h] = l;
            const size_t o = ((size_t)r * heads + h) * head_dim, kvo = (size_t)h / group * head_dim;
            for (int j = lo(r); j <= r; j++) {
                const double p = std::exp(score(r, h, j) - l);
                for (int e = 0; e < head_dim; e++) out[o + e] += p * v[(size_t)j * kv_dim + kvo + e];
            }
            double D = 0;
            for (int e = 0; e < head_dim; e++) D += (double)dout[o + e] * out[o + e];
            for (int j = lo(r); j <= r; j++) {
                const double p = std::exp(score(r, h, j) - l);
                double dpv = 0;
                for (int e = 0; e < head_dim; e++) dpv += (double)dout[o + e] * v[(size_t)j * kv_dim + kvo + e];
                const double ds = p * (dpv - D);
                for (int e = 0; e < head_dim; e++) {
                    dq[o + e] += ds * scale * k[(size_t)j * kv_dim + kvo + e];
                    dk[(size_t)j * kv_dim + kvo + e] += ds * scale * q[o + e];
                    dv[(size_t)j * kv_dim + kvo + e] += p * dout[o + e];
                }
            }
        }
    CUdeviceptr dQ = gpu.upload(q), dK = gpu.upload(k), dV = gpu.upload(v), dS = gpu.upload(starts), dDo = gpu.upload(dout);
    CUdeviceptr dO = gpu.poisoned(qn * 4), dL = gpu.poisoned((size_t)rows * heads * 4), dDq = gpu.poisoned(qn * 4),
                dDk = gpu.poisoned(kn * 4), dDv = gpu.poisoned(kn * 4), dDelta = gpu.poisoned((size_t)rows * heads * 4);
    gpu.launch(gpu.fn("lb_train_attention_forward"), rows, heads, 32,
               {&dQ, &dK, &dV, &dS, &dO, &dL, &heads, &kv_heads, &head_dim, &scale, &window}, "lb_train_attention_forward");
    gpu.launch(gpu.fn("lb_train_attention_backward_dq"), rows, heads, 32,
               {&dQ, &dK, &dV, &dO, &dL, &dDo, &dS, &dDq, &dDelta, &heads, &kv_heads, &head_dim, &scale, &window},
               "lb_train_attention_backward_dq");
    gpu.launch(gpu.fn("lb_train_attention_backward_dkv"), rows, kv_heads, 32,
               {&dQ, &dK, &dV, &dL, &dDelta, &dDo, &dS, &dDk, &dDv, &rows, &heads, &kv_heads, &head_dim, &scale, &window},
               "lb_train_attention_backward_dkv");
    char what[160];
    std::snprintf(what, sizeof what, "heads %d/%d head_dim %d window %d, 3 packed docs (37, 5, 70)", heads, kv_heads, head_dim, window);
    const double eo = rel_error(download_floats(dO, qn), out), el = rel_error(download_floats(dL, lse.size()), lse);
    report(eo < 1e-5 && el < 1e-6, std::string("lb_train_attention_forward out, lse: ") + what, std::max(eo, el));
    const double eq = rel_error(download_floats(dDq, qn), dq), ek = rel_error(download_floats(dDk, kn), dk),
                 ev = rel_error(download_floats(dDv, kn), dv);
    report(eq < 1e-5 && ek < 1e-5 && ev < 1e-5, std::string("lb_train_attention_backward dq, dk, dv: ") + what,
           std::max(eq, std::max(ek, ev)));
    for (auto p : {dQ, dK, dV, dS, dDo, dO, dL, dDq, dDk, dDv, dDelta}) gpu.free(p);
    // a row that neither starts a document nor continues the previous row's is flagged (the first such row)
    std::vector<int> broken = starts;
    broken[40] = 2;
    CUdeviceptr dB = gpu.upload(broken), dBad = gpu.upload(std::vector<int>{INT32_MAX});
    gpu.launch(gpu.fn("lb_train_check_doc_starts"), (rows + 255) / 256, 1, 256, {&dB, &rows, &dBad}, "lb_train_check_doc_starts");
    report(gpu.download<int>(dBad, 1)[0] == 40, "lb_train_check_doc_starts flags the first bad row");
    for (auto p : {dB, dBad}) gpu.free(p);
}

static void check_train_cross_entropy() {
    int rows = 6, vocab = quick ? 1003 : 32003;
    float grad_scale = 0.25f;
    std::vector<int> targets = {5, -1, vocab - 1, 0, vocab, 77};   // a masked row and a target outside the vocabulary
    const auto z = randn((size_t)rows * vocab, 4.0f);
    std::vector<double> want_g((size_t)rows * vocab, 0.0), want_l(rows, 0.0);
    for (int r = 0; r < rows; r++) {
        const size_t o = (size_t)r * vocab;
        if (targets[r] >= vocab) {   // left as it was
            for (int i = 0; i < vocab; i++) want_g[o + i] = z[o + i];
            continue;
        }
        if (targets[r] < 0) continue;
        double mx = -1e300, sum = 0;
        for (int i = 0; i < vocab; i++) mx = std::max(mx, (double)z[o + i]);
        for (int i = 0; i < vocab; i++) sum += std::exp(z[o + i] - mx);
        want_l[r] = mx + std::log(sum) - z[o + targets[r]];
        for (int i = 0; i < vocab; i++) want_g[o + i] = grad_scale * (std::exp(z[o + i] - mx) / sum - (i == targets[r]));
    }
    CUdeviceptr dZ = gpu.upload(z), dT = gpu.upload(targets), dL = gpu.poisoned(rows * 4), dBad = gpu.upload(std::vector<int>{INT32_MAX});
    gpu.launch(gpu.fn("lb_train_cross_entropy"), rows, 1, 256, {&dZ, &dT, &vocab, &grad_scale, &dL, &dBad}, "lb_train_cross_entropy");
    auto l = download_floats(dL, rows);
    const bool flagged = gpu.download<int>(dBad, 1)[0] == 4 && std::isnan(l[4]);
    l[4] = 0.0f;
    const double eg = rel_error(download_floats(dZ, want_g.size()), want_g), el = rel_error(l, want_l);
    report(eg < 1e-6 && el < 1e-6 && flagged, "lb_train_cross_entropy rows=6 vocab=" + std::to_string(vocab) +
           " (a masked row, a bad target flagged)", std::max(eg, el));
    for (auto p : {dZ, dT, dL, dBad}) gpu.free(p);
}

// AdamW, scale and axpy emulated step by step in host float (no contraction: -ffp-contract=off); sums of squares
// against float64.
static void check_train_optim() {
    long long count = quick ? 20011 : 200003;
    const auto p0 = randn(count), g = randn(count), m0 = randn(count, 0.1f);
    auto v0 = randn(count, 0.1f);
    for (auto& x : v0) x = x * x;
    const float decay = 1 - 1e-3f * 0.01f, b1 = 0.9f, b2 = 0.999f, omb1 = 0.1f, omb2 = 0.001f, step_size = 1e-3f / 0.19f,
                corr2 = std::sqrt(1 - 0.998001f), eps = 1e-8f;
    std::vector<float> p = p0, m = m0, v = v0;
    for (long long i = 0; i < count; i++) {
        p[i] *= decay;
        m[i] = m[i] * b1 + g[i] * omb1;
        v[i] = v[i] * b2 + g[i] * g[i] * omb2;
        p[i] -= step_size * (m[i] / (std::sqrt(v[i]) / corr2 + eps));
    }
    CUdeviceptr dP = gpu.upload(p0), dG = gpu.upload(g), dM = gpu.upload(m0), dV = gpu.upload(v0);
    const unsigned blocks = (unsigned)((count + 255) / 256);
    float d = decay, beta1 = b1, beta2 = b2, o1 = omb1, o2 = omb2, ss = step_size, c2 = corr2, e = eps;
    gpu.launch(gpu.fn("lb_train_adamw"), blocks, 1, 256, {&dP, &dG, &dM, &dV, &count, &d, &beta1, &beta2, &o1, &o2, &ss, &c2, &e},
               "lb_train_adamw");
    report(bitwise_equal(download_floats(dP, count), p) && bitwise_equal(download_floats(dM, count), m) &&
           bitwise_equal(download_floats(dV, count), v), "lb_train_adamw bit-exact vs host float steps");
    float alpha = -1.7f, beta = 0.3f;
    std::vector<float> want_y = g;
    for (long long i = 0; i < count; i++) want_y[i] = std::fma(p0[i], beta, want_y[i] * alpha);
    CUdeviceptr dX = gpu.upload(p0), dY = gpu.upload(g);
    gpu.launch(gpu.fn("lb_train_scale"), blocks, 1, 256, {&dY, &alpha, &count}, "lb_train_scale");
    gpu.launch(gpu.fn("lb_train_axpy"), blocks, 1, 256, {&beta, &dX, &dY, &count}, "lb_train_axpy");
    report(bitwise_equal(download_floats(dY, count), want_y), "lb_train_scale then lb_train_axpy bit-exact");
    double want = 0;
    for (float x : p0) want += (double)x * x;
    int chunks = (int)((count + 16383) / 16384);
    CUdeviceptr dPart = gpu.poisoned(8 * (size_t)chunks), dTotal = gpu.poisoned(8);
    gpu.launch(gpu.fn("lb_train_sum_squares"), chunks, 1, 256, {&dX, &count, &dPart}, "lb_train_sum_squares");
    gpu.launch(gpu.fn("lb_train_sum_partials"), 1, 1, 256, {&dPart, &chunks, &dTotal}, "lb_train_sum_partials");
    const double got = gpu.download<double>(dTotal, 1)[0], err = std::fabs(got - want) / want;
    report(err < 1e-12, "lb_train_sum_squares + lb_train_sum_partials count=" + std::to_string(count), err);
    for (auto ptr : {dP, dG, dM, dV, dX, dY, dPart, dTotal}) gpu.free(ptr);
}

static void check_training_kernels() {
    for (WType t : {WType::F32, WType::F16, WType::BF16, WType::Q8_0, WType::Q4_0, WType::Q4_K, WType::Q6_K}) check_train_matmul(t);
    check_train_rmsnorm();
    check_train_swiglu();
    for (int neox : {0, 1})
        for (int rot_dim : {64, 32}) check_train_rope(neox, rot_dim);
    check_train_embedding();
    check_train_attention(4, 2, 64, 0);
    check_train_attention(3, 1, 30, 20);   // GQA 3:1, odd head size, sliding window
    check_train_attention(8, 2, 256, 0);   // the largest head the kernels take
    check_train_cross_entropy();
    check_train_optim();
}
