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
    os.makedirs(os.path.dirname(OPS_OUT), exist_ok=True)
    with open(OPS_OUT, "w") as f:
        json.dump(ops, f, separators=(",", ":"))
        f.write("\n")
    print(OPS_OUT, os.path.getsize(OPS_OUT), "bytes")


if __name__ == "__main__":
    main()
