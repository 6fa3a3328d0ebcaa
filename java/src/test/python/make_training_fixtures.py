"""Writes the PyTorch fixtures the Java training tests compare against: small random inputs, and what PyTorch
autograd (float64) and torch.optim.AdamW (float32) make of them.

    /usr/bin/python3 java/src/test/python/make_training_fixtures.py     # from the repository root

Needs PyTorch (Debian's python3-torch 1.13 on the CPU is enough). Inputs are float32 values (written with 9
significant digits, which read back exactly); expected outputs are written with 9 significant digits. The output
is deterministic for a given PyTorch version, and small (tens of KB), so it is committed.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OPS_OUT = os.path.join(ROOT, "java/src/test/resources/dev/lightbulb/backend/cpu/torch-training-ops.json")
MODEL_OUT = os.path.join(ROOT, "java/src/test/resources/dev/lightbulb/train/torch-tiny-model.json")

gen = torch.Generator().manual_seed(20260101)


def rand(*shape, scale=1.0):
    """float32 normal values, returned as float64 (exactly the float32 values)."""
    return (torch.randn(*shape, generator=gen) * scale).float().double()


def nums(t):
    """A tensor as a flat list of numbers with 9 significant digits (exact for float32 values)."""
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def grads_of(loss, *tensors):
    return torch.autograd.grad(loss, tensors)


# ---------------------------------------------------------------------------------------------------- ops

def linear_case(dtype_name):
    rows, k, n = 4, 9, 5
    x, w, b, dy = rand(rows, k), rand(n, k), rand(n), rand(rows, n)
    if dtype_name == "F16":
        w = w.half().double()
    elif dtype_name == "BF16":
        w = w.bfloat16().double()
    x.requires_grad_(); w.requires_grad_(); b.requires_grad_()
    y = x @ w.T + b
    dx, dw, db = grads_of((y * dy).sum(), x, w, b)
    return {"type": dtype_name, "rows": rows, "k": k, "n": n, "x": nums(x), "w": nums(w), "b": nums(b), "dy": nums(dy),
            "y": nums(y), "dx": nums(dx), "dw": nums(dw), "db": nums(db)}


def rms_norm(x, w, eps):
    return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + eps) * w


def rms_norm_case():
    rows, dim, eps = 4, 10, 1e-5
    x, w, dy = rand(rows, dim), rand(dim), rand(rows, dim)
    x.requires_grad_(); w.requires_grad_()
    y = rms_norm(x, w, eps)
    dx, dw = grads_of((y * dy).sum(), x, w)
    return {"rows": rows, "dim": dim, "eps": eps, "x": nums(x), "w": nums(w), "dy": nums(dy), "y": nums(y), "dx": nums(dx), "dw": nums(dw)}


def swiglu_case():
    n = 24
    g, u, dy = rand(n, scale=3), rand(n), rand(n)
    g.requires_grad_(); u.requires_grad_()
    y = F.silu(g) * u
    dg, du = grads_of((y * dy).sum(), g, u)
    return {"n": n, "gate": nums(g), "up": nums(u), "dy": nums(dy), "y": nums(y), "dgate": nums(dg), "dup": nums(du)}


def inverse_frequencies(rotary_dim, theta):
    # float32, as RopeSpec.standard rounds theta^(-2i/d) computed in double
    return torch.tensor([theta ** (-2.0 * i / rotary_dim) for i in range(rotary_dim // 2)], dtype=torch.float32).double()


def rope(x, positions, heads, head_dim, rotary_dim, inv, layout):
    """x: [rows, heads * head_dim]. NORM pairs (2i, 2i+1); NEOX pairs (i, i + rotary_dim/2)."""
    rows = x.shape[0]
    x = x.reshape(rows, heads, head_dim)
    half = rotary_dim // 2
    angle = positions.double()[:, None] * inv[None, :]          # [rows, half]
    cos, sin = torch.cos(angle)[:, None, :], torch.sin(angle)[:, None, :]
    if layout == "NORM":
        a, b = x[..., 0:rotary_dim:2], x[..., 1:rotary_dim:2]
    else:
        a, b = x[..., :half], x[..., half:rotary_dim]
    ra, rb = a * cos - b * sin, a * sin + b * cos
    if layout == "NORM":
        rotated = torch.stack([ra, rb], dim=-1).reshape(rows, heads, rotary_dim)
    else:
        rotated = torch.cat([ra, rb], dim=-1)
    return torch.cat([rotated, x[..., rotary_dim:]], dim=-1).reshape(rows, heads * head_dim)


def rope_case(layout):
    heads, head_dim, rotary_dim, theta = 2, 8, 6, 10000.0
    positions = torch.tensor([0, 3, 17, 250])
    inv = inverse_frequencies(rotary_dim, theta)
    x, dy = rand(len(positions), heads * head_dim), rand(len(positions), heads * head_dim)
    x.requires_grad_()
    y = rope(x, positions, heads, head_dim, rotary_dim, inv, layout)
    (dx,) = grads_of((y * dy).sum(), x)
    return {"layout": layout, "heads": heads, "headDim": head_dim, "rotaryDim": rotary_dim, "theta": theta,
            "positions": ints(positions), "x": nums(x), "dy": nums(dy), "y": nums(y), "dx": nums(dx)}


def embedding_case():
    vocab, dim = 6, 5
    tokens = torch.tensor([4, 1, 4, 0, 4, 5])
    table, dy = rand(vocab, dim), rand(len(tokens), dim)
    table.requires_grad_()
    y = F.embedding(tokens, table)
    (dt,) = grads_of((y * dy).sum(), table)
    return {"vocab": vocab, "dim": dim, "tokens": ints(tokens), "table": nums(table), "dy": nums(dy), "dtable": nums(dt)}


def visible(doc_starts, window):
    rows = len(doc_starts)
    m = torch.zeros(rows, rows, dtype=torch.bool)
    for r in range(rows):
        for j in range(rows):
            m[r, j] = doc_starts[r] <= j <= r and (window == 0 or r - j < window)
    return m


def attention(q, k, v, doc_starts, heads, kv_heads, head_dim, scale, window):
    """Packed causal attention with GQA; returns out [rows, heads*hd] and lse [rows, heads]."""
    rows = q.shape[0]
    qh = q.reshape(rows, heads, head_dim).transpose(0, 1)                                  # [H, rows, hd]
    group = heads // kv_heads
    kh = k.reshape(rows, kv_heads, head_dim).transpose(0, 1).repeat_interleave(group, 0)   # [H, rows, hd]
    vh = v.reshape(rows, kv_heads, head_dim).transpose(0, 1).repeat_interleave(group, 0)
    scores = (qh @ kh.transpose(1, 2)) * scale
    scores = scores.masked_fill(~visible(doc_starts, window)[None], float("-inf"))
    lse = torch.logsumexp(scores, dim=-1)                                                  # [H, rows]
    out = torch.softmax(scores, dim=-1) @ vh
    return out.transpose(0, 1).reshape(rows, heads * head_dim), lse.transpose(0, 1)


def attention_case(window):
    heads, kv_heads, head_dim = 4, 2, 4
    doc_starts = [0, 0, 0, 3, 3, 3, 6, 6]
    rows = len(doc_starts)
    scale = float(torch.tensor(1 / math.sqrt(head_dim), dtype=torch.float32))
    q, k, v = rand(rows, heads * head_dim), rand(rows, kv_heads * head_dim), rand(rows, kv_heads * head_dim)
    d_out = rand(rows, heads * head_dim)
    q.requires_grad_(); k.requires_grad_(); v.requires_grad_()
    out, lse = attention(q, k, v, doc_starts, heads, kv_heads, head_dim, scale, window)
    dq, dk, dv = grads_of((out * d_out).sum(), q, k, v)
    return {"heads": heads, "kvHeads": kv_heads, "headDim": head_dim, "scale": scale, "window": window, "docStarts": doc_starts,
            "q": nums(q), "k": nums(k), "v": nums(v), "dOut": nums(d_out), "out": nums(out), "lse": nums(lse),
            "dq": nums(dq), "dk": nums(dk), "dv": nums(dv)}


def cross_entropy_case():
    rows, vocab = 5, 40
    targets = torch.tensor([3, -1, 39, 0, 17])
    logits = rand(rows, vocab, scale=3)
    logits.requires_grad_()
    losses = F.cross_entropy(logits, targets, ignore_index=-1, reduction="none")
    mean = F.cross_entropy(logits, targets, ignore_index=-1, reduction="mean")   # what a training step minimises
    (dz,) = grads_of(mean, logits)
    return {"rows": rows, "vocab": vocab, "targets": ints(targets), "logits": nums(logits), "losses": nums(losses),
            "mean": float("%.9g" % mean.item()), "gradScale": 1.0 / int((targets >= 0).sum()), "dlogits": nums(dz)}


def adamw_case():
    n, steps = 16, 5
    lr, betas, eps, wd = float(torch.tensor(3e-2, dtype=torch.float32)), (0.9, 0.95), 1e-8, 0.1
    p = torch.nn.Parameter(rand(n).float())
    p0 = p.detach().clone()
    opt = torch.optim.AdamW([p], lr=lr, betas=betas, eps=eps, weight_decay=wd, foreach=False)
    grads, after = [], []
    for _ in range(steps):
        g = rand(n).float()
        p.grad = g.clone()
        opt.step()
        grads.append(nums(g))
        after.append(nums(p))
    return {"n": n, "lr": lr, "beta1": betas[0], "beta2": betas[1], "eps": eps, "weightDecay": wd, "param": nums(p0),
            "grads": grads, "after": after}


def clip_case():
    a, b = rand(30, scale=0.5).float(), rand(11, scale=0.5).float()
    pa, pb = torch.nn.Parameter(torch.zeros(30)), torch.nn.Parameter(torch.zeros(11))
    pa.grad, pb.grad = a.clone(), b.clone()
    norm = torch.nn.utils.clip_grad_norm_([pa, pb], max_norm=1.0)
    return {"a": nums(a), "b": nums(b), "maxNorm": 1.0, "norm": float("%.9g" % norm.item()),
            "clippedA": nums(pa.grad), "clippedB": nums(pb.grad)}



# ---------------------------------------------------------------------------------------------------- tiny model

class SplitMix64:
    """The weights of the tiny model, made again by the Java test from the same stream (no need to store them)."""
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def uniform(self):
        """A value in [-1, 1) with 24 significant bits: exact in float32."""
        return ((self.next() >> 40) - (1 << 23)) / float(1 << 23)

    def tensor(self, shape, kind):
        """kind "norm": 1 + u/8, "bias": u/8, "matrix": u/4; rounded to float32 like Java's (float) cast."""
        n = 1
        for d in shape:
            n *= d
        values = [self.uniform() for _ in range(n)]
        values = [1 + v / 8 if kind == "norm" else v / 8 if kind == "bias" else v / 4 for v in values]
        t = torch.tensor(values, dtype=torch.float64).float().double()
        return t.reshape(list(reversed(shape)))  # ggml [k, n] is torch [n, k]


TINY = {"architecture": "qwen2", "dim": 8, "layers": 2, "heads": 2, "kvHeads": 1, "headDim": 4, "hiddenDim": 16,
        "vocab": 24, "context": 32, "rmsEps": 1e-5, "ropeTheta": 10000.0, "ropeLayout": "NEOX", "qkvBias": True,
        "tied": True, "seed": 20260214}


def tensor_list(c):
    """GGUF names, shapes (ggml order) and kinds in the order of TensorNames.shapes (tied: no output.weight)."""
    d, q, kv, h, v = c["dim"], c["heads"] * c["headDim"], c["kvHeads"] * c["headDim"], c["hiddenDim"], c["vocab"]
    out = [("token_embd.weight", [d, v], "matrix")]
    for l in range(c["layers"]):
        b = "blk.%d." % l
        out += [(b + "attn_norm.weight", [d], "norm"), (b + "attn_q.weight", [d, q], "matrix"),
                (b + "attn_k.weight", [d, kv], "matrix"), (b + "attn_v.weight", [d, kv], "matrix"),
                (b + "attn_output.weight", [q, d], "matrix")]
        if c["qkvBias"]:
            out += [(b + "attn_q.bias", [q], "bias"), (b + "attn_k.bias", [kv], "bias"), (b + "attn_v.bias", [kv], "bias")]
        out += [(b + "ffn_norm.weight", [d], "norm"), (b + "ffn_gate.weight", [d, h], "matrix"),
                (b + "ffn_up.weight", [d, h], "matrix"), (b + "ffn_down.weight", [h, d], "matrix")]
    out.append(("output_norm.weight", [d], "norm"))
    if not c["tied"]:
        out.append(("output.weight", [d, v], "matrix"))
    return out


LORA_TARGETS = ["attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"]


def lora_list(c, rank):
    """Adapter names and shapes (ggml order), blocks in order, targets in LoraTarget order: A [k, r] then B [r, n]."""
    shapes = {name: shape for name, shape, _ in tensor_list(c)}
    out = []
    for l in range(c["layers"]):
        for t in LORA_TARGETS:
            name = "blk.%d.%s.weight" % (l, t)
            k, n = shapes[name]
            out += [(name + ".lora_a", [k, rank]), (name + ".lora_b", [rank, n])]
    return out


def tiny_forward(c, p, tokens, doc_starts, lora_scale=0.0):
    """Logits [rows, vocab] of the packed batch; p maps names to float64 tensors (torch layout)."""
    rows = len(tokens)
    positions = torch.tensor([r - doc_starts[r] for r in range(rows)])
    inv = inverse_frequencies(c["headDim"], c["ropeTheta"])
    scale = float(torch.tensor(1 / math.sqrt(c["headDim"]), dtype=torch.float32))

    def linear(x, name, bias=None):
        y = x @ p[name].T
        if bias is not None and bias in p:
            y = y + p[bias]
        if name + ".lora_a" in p:
            y = y + lora_scale * ((x @ p[name + ".lora_a"].T) @ p[name + ".lora_b"].T)
        return y

    x = F.embedding(torch.tensor(tokens), p["token_embd.weight"])
    for l in range(c["layers"]):
        b = "blk.%d." % l
        xn = rms_norm(x, p[b + "attn_norm.weight"], c["rmsEps"])
        q = rope(linear(xn, b + "attn_q.weight", b + "attn_q.bias"), positions, c["heads"], c["headDim"], c["headDim"], inv, c["ropeLayout"])
        k = rope(linear(xn, b + "attn_k.weight", b + "attn_k.bias"), positions, c["kvHeads"], c["headDim"], c["headDim"], inv, c["ropeLayout"])
        v = linear(xn, b + "attn_v.weight", b + "attn_v.bias")
        att, _ = attention(q, k, v, doc_starts, c["heads"], c["kvHeads"], c["headDim"], scale, 0)
        x = x + linear(att, b + "attn_output.weight")
        xn = rms_norm(x, p[b + "ffn_norm.weight"], c["rmsEps"])
        x = x + linear(F.silu(linear(xn, b + "ffn_gate.weight")) * linear(xn, b + "ffn_up.weight"), b + "ffn_down.weight")
    xn = rms_norm(x, p["output_norm.weight"], c["rmsEps"])
    return xn @ p["output.weight" if "output.weight" in p else "token_embd.weight"].T


def tiny_batch():
    """Three packed documents; the second learns only its last token, the third nothing from its first two."""
    docs = [[1, 7, 22, 3, 19, 5], [1, 20, 8], [2, 11, 11, 17]]
    learn = [[True] * 6, [False, False, True], [False, False, True, True]]
    tokens, targets, starts = [], [], []
    for doc, mask in zip(docs, learn):
        start = len(tokens)
        for i, t in enumerate(doc):
            tokens.append(t)
            starts.append(start)
            targets.append(doc[i + 1] if i + 1 < len(doc) and mask[i + 1] else -1)
    return tokens, targets, starts


def loss_of(c, p, batch, lora_scale=0.0):
    tokens, targets, starts = batch
    return F.cross_entropy(tiny_forward(c, p, tokens, starts, lora_scale), torch.tensor(targets), ignore_index=-1, reduction="mean")


def adamw_losses(c, trainable, frozen, batch, lora_scale, steps=10, lr=1e-2, max_norm=1.0):
    """Loss before each of `steps` AdamW steps (decay 0.01 on matrices only, as Hugging Face groups), clipping at max_norm."""
    params = {n: torch.nn.Parameter(t.clone()) for n, t in trainable.items()}
    decay = [q for q in params.values() if q.dim() > 1]
    plain = [q for q in params.values() if q.dim() <= 1]
    groups = [{"params": decay, "weight_decay": 0.01}] + ([{"params": plain, "weight_decay": 0.0}] if plain else [])
    opt = torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8, foreach=False)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_of(c, {**frozen, **params}, batch, lora_scale)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(params.values()), max_norm)
        opt.step()
        losses.append(float("%.9g" % loss.item()))
    return losses


def tiny_model_fixture():
    c = TINY
    rng = SplitMix64(c["seed"])
    base = {name: rng.tensor(shape, kind) for name, shape, kind in tensor_list(c)}
    rank, alpha = 2, 4.0
    adapters = {name: rng.tensor(shape, "matrix") for name, shape in lora_list(c, rank)}
    batch = tiny_batch()
    tokens, targets, starts = batch

    full = {n: t.clone().requires_grad_() for n, t in base.items()}
    logits = tiny_forward(c, full, tokens, starts)
    loss = F.cross_entropy(logits, torch.tensor(targets), ignore_index=-1, reduction="mean")
    grads = dict(zip(full.keys(), torch.autograd.grad(loss, list(full.values()))))

    lora = {n: t.clone().requires_grad_() for n, t in adapters.items()}
    lora_loss = loss_of(c, {**base, **lora}, batch, alpha / rank)
    lora_grads = dict(zip(lora.keys(), torch.autograd.grad(lora_loss, list(lora.values()))))

    fresh = {n: (t if n.endswith(".lora_a") else torch.zeros_like(t)) for n, t in adapters.items()}
    return {
        "torch": torch.__version__, "config": c,
        "tensors": [{"name": n, "shape": s, "kind": k} for n, s, k in tensor_list(c)],
        "lora": {"rank": rank, "alpha": alpha, "tensors": [{"name": n, "shape": s} for n, s in lora_list(c, rank)]},
        "tokens": tokens, "targets": targets, "docStarts": starts,
        "logits": nums(logits), "loss": float("%.9g" % loss.item()), "grads": {n: nums(g) for n, g in grads.items()},
        "loraLoss": float("%.9g" % lora_loss.item()), "loraGrads": {n: nums(g) for n, g in lora_grads.items()},
        "adamw": {"lr": 1e-2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0.01, "maxNorm": 1.0,
                  "fullLosses": adamw_losses(c, base, {}, batch, 0.0),
                  "loraLosses": adamw_losses(c, fresh, base, batch, alpha / rank)},
    }


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


def main():
    ops = {
        "torch": torch.__version__,
        "linear": [linear_case(t) for t in ("F32", "F16", "BF16")],
        "rmsNorm": rms_norm_case(),
        "swiglu": swiglu_case(),
        "rope": [rope_case(layout) for layout in ("NORM", "NEOX")],
        "embedding": embedding_case(),
        "attention": [attention_case(w) for w in (0, 2)],
        "crossEntropy": cross_entropy_case(),
        "adamw": adamw_case(),
        "clip": clip_case(),
    }
    write(OPS_OUT, ops)
    write(MODEL_OUT, tiny_model_fixture())


if __name__ == "__main__":
    main()
