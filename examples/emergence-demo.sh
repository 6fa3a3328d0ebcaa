#!/usr/bin/env bash
# The emergence experiment end to end on the bundled data, on a CPU: a corpus sampled from the bundled
# stories260K, a tiny model pretrained on it from scratch with a 1024-token context (its three snapshots are the
# checkpoints, of falling loss), and the grid checkpoints x data amounts on referencegame (two model calls an
# episode; its prompts take about 630 tokens of this 512-token vocabulary). Then emergence.csv, fit/ and
# index.html in DIR/grid. Under 20 minutes on 2 cores.
# Usage: examples/emergence-demo.sh [DIR]   (default: emergence-demo; rerunning resumes)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LB="$ROOT/bin/lightbulb"
DIR="${1:-emergence-demo}"
mkdir -p "$DIR"
cd "$DIR"
[ -s corpus.jsonl ] || "$LB" dataset sample --n 300 --seed 1 --out corpus.jsonl
[ -s heldout.jsonl ] || "$LB" dataset sample --n 40 --seed 2 --out heldout.jsonl
if [ ! -s tiny/model.gguf ]; then
  "$LB" finetune --full --init random --shape dim=48,layers=3,heads=4,kv-heads=2,hidden=128,context=1024 \
    --data corpus.jsonl --out tiny --steps 90 --save-every 30 --snapshots --lr 3e-3 --warmup 5 \
    --batch-tokens 2048 --seq-len 256 --seed 1
fi
"$LB" experiment emergence \
  --checkpoints tiny/snapshots/model-step000030.gguf,tiny/snapshots/model-step000060.gguf,tiny/snapshots/model-step000090.gguf \
  --games referencegame --amounts 0,8,16,32 --eval-limit 2 --max-tokens 24 --heldout heldout.jsonl \
  --epochs 2 --lr 1e-3 --batch-tokens 4096 --out grid
