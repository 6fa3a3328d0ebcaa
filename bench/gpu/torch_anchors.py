"""PyTorch anchors for the GPU table, beside native/bench_kernels.cpp (run on the GPU machine by bench/gpu/run.sh):
the copy-bandwidth ceiling, cuBLAS fp16 and bf16 GEMM through torch at the shapes and row counts of lb_bench_kernels'
GEMM section, and PyTorch's sort-based top-k/top-p sampling of 256 x 128256 logits (the Hugging Face warpers'
procedure) at the sampling benchmark's setting. Method as lb_bench_kernels: random data (never zeros); a weight
smaller than 4x the L2 cache is rotated among copies; the median over batches of back-to-back calls between two
CUDA events, each batch queued behind a 1 GiB device copy so that Python has queued the whole batch before the
first event fires. Lines: "RESULT name ms GB/s %copy - - note", the columns of lb_bench_kernels.

--device cpu --tiny: a dry run of the same code on the CPU with small shapes (wall-clock timing), to check the
script without a GPU.
"""
import argparse
import statistics
import time

import torch

SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336), (128256, 4096)]  # (n, k): y[rows, n] = x[rows, k] . W^T
ROWS = [1, 8, 16, 32, 64, 256]
SAMPLING = dict(rows=256, vocab=128256, top_k=40, top_p=0.9, temperature=0.7)
TINY_SHAPES = [(256, 128), (384, 128)]
TINY_SAMPLING = dict(rows=8, vocab=1000, top_k=40, top_p=0.9, temperature=0.7)


class Clock:
    """Median per-call milliseconds: CUDA events behind a blocker copy on a GPU, wall clock on the CPU."""

    BATCHES, MAX_PER_BATCH, BATCH_MS = 11, 32, 0.5

    def __init__(self, device, blocker_bytes):
        self.device = device
        self.cuda = device.type == "cuda"
        n = blocker_bytes // 4
        self.blocker_src = torch.randn(n, device=device)
        self.blocker_dst = torch.empty_like(self.blocker_src)

    def _sync(self):
        if self.cuda:
            torch.cuda.synchronize(self.device)

    def _batch_ms(self, fn, calls, blocker):
        if not self.cuda:
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            return (time.perf_counter() - start) * 1e3
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        if blocker:
            self.blocker_dst.copy_(self.blocker_src)
        a.record()
        for _ in range(calls):
            fn()
        b.record()
        b.synchronize()
        return a.elapsed_time(b)

    def median_ms(self, fn):
        for _ in range(3):
            fn()
        self._sync()
        estimate = max(1e-4, self._batch_ms(fn, 1, blocker=False))
        per_batch = min(self.MAX_PER_BATCH, max(1, int(-(-self.BATCH_MS // estimate))))
        times = [self._batch_ms(fn, per_batch, blocker=True) / per_batch for _ in range(self.BATCHES)]
        return statistics.median(times)


class Table:
    def __init__(self):
        self.copy_bytes_per_ms = None

    def row(self, name, ms, bytes_moved, note=""):
        gbs = bytes_moved / ms / 1e6
        pct = f"{100.0 * bytes_moved / ms / self.copy_bytes_per_ms:.1f}" if self.copy_bytes_per_ms else "-"
        print(f"RESULT {name:<42} {ms:10.4f} {gbs:9.1f} {pct:>7} {'-':>7} {'-':>7} {note}", flush=True)


def bench_copy(clock, table):
    src, dst = clock.blocker_src, clock.blocker_dst
    ms = clock.median_ms(lambda: dst.copy_(src))
    table.copy_bytes_per_ms = 2 * src.numel() * 4 / ms
    table.row(f"torch:copy:d2d:{src.numel() * 4 >> 20}MiB", ms, 2 * src.numel() * 4, "the ceiling (read + write)")


def bench_gemm(clock, table, device, shapes, rows_list, rotate_bytes):
    for dtype, tag in [(torch.float16, "f16"), (torch.bfloat16, "bf16")]:
        for n, k in shapes:
            weight_bytes = n * k * 2
            copies = max(1, -(-rotate_bytes // weight_bytes))
            weights = [torch.randn(n, k, device=device, dtype=dtype) * 0.5 for _ in range(copies)]
            for rows in rows_list:
                x = torch.randn(rows, k, device=device, dtype=dtype)
                name = f"torch:cublas:{tag}:{n}x{k}:r{rows}"
                turn = [0]

                def gemm():
                    w = weights[turn[0] % len(weights)]
                    turn[0] += 1
                    return torch.nn.functional.linear(x, w)

                try:
                    ms = clock.median_ms(gemm)
                except RuntimeError as e:  # e.g. no fp16 matmul on an old CPU build
                    print(f"SKIP  {name}: {str(e).splitlines()[0]}", flush=True)
                    break
                y = gemm()
                ok = bool(torch.isfinite(y).all()) and bool((y != 0).any())
                table.row(name, ms, 2 * (n * k + rows * k + rows * n),
                          f"views={len(weights)}" + ("" if ok else " BAD-OUTPUT"))
            del weights


def sort_based_sample(logits, temperature, top_k, top_p, generator):
    """The Hugging Face warpers (TopKLogitsWarper, TopPLogitsWarper) and torch.multinomial: mask below the k-th
    logit, sort the whole vocabulary, keep the smallest prefix whose probability reaches top_p, draw."""
    z = logits / temperature
    if top_k > 0:
        kth = torch.topk(z, top_k, dim=-1).values[:, -1:]
        z = z.masked_fill(z < kth, float("-inf"))
    z_sorted, order = torch.sort(z, dim=-1, descending=True)
    probs = torch.softmax(z_sorted, dim=-1)
    before = torch.cumsum(probs, dim=-1) - probs  # mass of the tokens ahead of each one
    probs = probs.masked_fill(before >= top_p, 0.0)
    pick = torch.multinomial(probs, 1, generator=generator)
    return torch.gather(order, -1, pick).squeeze(-1)


def bench_sampling(clock, table, device, rows, vocab, top_k, top_p, temperature):
    logits = torch.randn(rows, vocab, device=device) * 3.0
    generator = torch.Generator(device=device).manual_seed(1234)
    floor_ms = rows * vocab * 4 / table.copy_bytes_per_ms
    for k, label in [(top_k, f"k{top_k},p{top_p},T{temperature}"), (0, f"p{top_p},T{temperature}")]:
        ms = clock.median_ms(lambda: sort_based_sample(logits, temperature, k, top_p, generator))
        ids = sort_based_sample(logits, temperature, k, top_p, generator)
        ok = ids.shape == (rows,) and bool(((ids >= 0) & (ids < vocab)).all())
        table.row(f"torch:sample:{rows}x{vocab}:{label}", ms, rows * vocab * 4,
                  f"floor_x={ms / floor_ms:.2f} (sort-based)" + ("" if ok else " BAD-OUTPUT"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", help="cuda (default) or cpu for a dry run")
    parser.add_argument("--tiny", action="store_true", help="small shapes (a dry run of the script's logic)")
    args = parser.parse_args()
    device = torch.device(args.device)
    started = time.perf_counter()
    if device.type == "cuda":
        if not torch.cuda.is_available():
            print("SKIP  torch anchors: torch.cuda is not available", flush=True)
            return 77
        props = torch.cuda.get_device_properties(device)
        l2 = getattr(props, "L2_cache_size", 50 << 20)
        print(f"torch {torch.__version__} (CUDA {torch.version.cuda}, cuBLAS via torch) on {props.name}", flush=True)
    else:
        l2 = 1 << 20
        print(f"torch {torch.__version__} on the CPU (dry run: wall-clock times)", flush=True)
    torch.manual_seed(7)
    tiny = args.tiny
    clock = Clock(device, (16 << 20) if tiny else (1 << 30))
    table = Table()
    print("# RESULT name ms GB/s %copy x_cublas_f16 x_cublas_bf16 note", flush=True)
    bench_copy(clock, table)
    bench_sampling(clock, table, device, **(TINY_SAMPLING if tiny else SAMPLING))
    bench_gemm(clock, table, device, TINY_SHAPES if tiny else SHAPES, [1, 8] if tiny else ROWS, 4 * l2)
    print(f"torch anchors done in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
