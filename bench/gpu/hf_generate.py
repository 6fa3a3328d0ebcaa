"""The end-to-end anchor for `lightbulb bench engine` on the GPU: Hugging Face transformers `generate` on a
randomly initialised LlamaForCausalLM of the same shape, bf16, greedy, at the same batch sizes, on the GPU
machine's own Python (nothing downloaded). Prints one Markdown row per batch size: generated tokens/s over the
wall time of the whole `generate` call (prefill included, as lightbulb's engine numbers are).

Usage: python3 hf_generate.py [--shape llama3.2-1b|llama3-8b] [--batches 1,16,64] [--new-tokens 128]
                              [--prompt-tokens 32] [--device cuda|cpu --tiny]   (--tiny: a small shape for a dry run)
"""
import argparse
import time

import torch

SHAPES = {  # dim, layers, heads, kv heads, hidden, vocab
    "llama3.2-1b": (2048, 16, 32, 8, 8192, 128256),
    "llama3-8b": (4096, 32, 32, 8, 14336, 128256),
    "tiny": (64, 2, 4, 2, 128, 512),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", default="llama3.2-1b", choices=[s for s in SHAPES if s != "tiny"])
    ap.add_argument("--batches", default="1,16,64")
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--prompt-tokens", type=int, default=32)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--tiny", action="store_true", help="a tiny shape, for a dry run without a GPU")
    args = ap.parse_args()

    import transformers
    from transformers import LlamaConfig, LlamaForCausalLM

    shape = "tiny" if args.tiny else args.shape
    dim, layers, heads, kv_heads, hidden, vocab = SHAPES[shape]
    config = LlamaConfig(hidden_size=dim, num_hidden_layers=layers, num_attention_heads=heads,
                         num_key_value_heads=kv_heads, intermediate_size=hidden, vocab_size=vocab,
                         max_position_embeddings=4096, rope_theta=500000.0, rms_norm_eps=1e-5,
                         tie_word_embeddings=False)
    dtype = torch.bfloat16 if args.device == "cuda" else torch.float32
    torch.manual_seed(0)
    t0 = time.perf_counter()
    with torch.device(args.device):
        model = LlamaForCausalLM(config).to(dtype).eval()
    params = sum(p.numel() for p in model.parameters())
    print(f"transformers {transformers.__version__}, torch {torch.__version__}, {shape} random {dtype} "
          f"({params / 1e9:.2f} B parameters) built in {time.perf_counter() - t0:.1f} s on {args.device}", flush=True)

    gen = torch.Generator(device="cpu").manual_seed(1)

    def run(batch, new_tokens):
        ids = torch.randint(3, vocab, (batch, args.prompt_tokens), generator=gen).to(args.device)
        mask = torch.ones_like(ids)
        sync()
        start = time.perf_counter()
        with torch.no_grad():
            out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=new_tokens,
                                 min_new_tokens=new_tokens, do_sample=False, pad_token_id=0)
        sync()
        seconds = time.perf_counter() - start
        generated = (out.shape[1] - ids.shape[1]) * batch
        return generated, seconds

    def sync():
        if args.device == "cuda":
            torch.cuda.synchronize()

    run(1, 4)  # warm-up: kernels, allocator, generation config
    print("| model | batch | prompt tokens | generated tokens | seconds | tokens/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for batch in [int(b) for b in args.batches.split(",")]:
        generated, seconds = run(batch, args.new_tokens)
        print(f"| transformers {shape} bf16 (random) | {batch} | {args.prompt_tokens} | {generated} | {seconds:.2f} | "
              f"{generated / seconds:.1f} |", flush=True)


if __name__ == "__main__":
    main()
