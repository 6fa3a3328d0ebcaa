#!/usr/bin/env bash
# lightbulb (CPU backend) against llama.cpp on the same random-weight GGUF files, run interleaved, as a ratio table.
#
#   LLAMA_CPP_SRC=/path/to/llama.cpp bench/llamacpp/compare.sh            # builds llama.cpp first (CPU only)
#   LLAMA_CPP_BIN=/path/to/llama.cpp/build/bin bench/llamacpp/compare.sh  # or uses binaries already built
#
# LLAMA_CPP_SRC is a llama.cpp source tree at tag b4748 (a clone of github.com/ggml-org/llama.cpp checked out at that
# tag, or its source archive); it is never copied into this repository. The build goes to bench/llamacpp/build/
# (git-ignored) and makes only llama-bench and llama-batched-bench.
# LLAMA_CPP_TAG (default b4748) names the release the tree or binaries are at when that is not b4748 or cannot be
# read from git (a release archive, or the squashed one-commit tree that the npm package node-llama-cpp ships as
# llama/gitRelease.bundle, tag in llama/llama.cpp.info.json); it is recorded in the output and the table.
# Settings (environment): SHAPES (default "stories15M stories110M 1b-32k"), TYPES (default "F32 Q8_0 Q4_0 Q4_K"),
# THREADS (2), REPS (3), MODELS (GGUF folder, default bench/llamacpp/models/, git-ignored).
# Output: one CSV line per engine, file, test and run under bench/llamacpp/out/, and the Markdown table of medians
# (lightbulb tokens/s divided by llama.cpp tokens/s; tg64 = decode, pp64 = 64-token prompt, batched8/64 = B sequences
# of 32 prompt + 64 generated tokens, all tokens over the whole time, llama-batched-bench's S column).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/llamacpp"
PIN=b4748
TAG="${LLAMA_CPP_TAG:-$PIN}"
SHAPES="${SHAPES:-stories15M stories110M 1b-32k}"
TYPES="${TYPES:-F32 Q8_0 Q4_0 Q4_K}"
THREADS="${THREADS:-2}"
REPS="${REPS:-3}"
MODELS="${MODELS:-$HERE/models}"
OUT="$HERE/out"
mkdir -p "$MODELS" "$OUT"

# ---- llama.cpp: binaries given, or built from a source tree at the pinned tag
if [ -n "${LLAMA_CPP_BIN:-}" ]; then
  BIN="$LLAMA_CPP_BIN"
elif [ -n "${LLAMA_CPP_SRC:-}" ]; then
  if git -C "$LLAMA_CPP_SRC" rev-parse --git-dir >/dev/null 2>&1; then
    at="$(git -C "$LLAMA_CPP_SRC" describe --tags --exact-match 2>/dev/null || echo unknown)"
    if [ "$at" = unknown ] && [ -n "${LLAMA_CPP_TAG:-}" ]; then at="$TAG"; fi   # untagged tree: the caller names it
    [ "$at" = "$TAG" ] || { echo "compare.sh: $LLAMA_CPP_SRC is at '$at', not $TAG (git -C it checkout $PIN, or set LLAMA_CPP_TAG)" >&2; exit 1; }
  fi
  BUILD="$HERE/build"
  if [ ! -x "$BUILD/bin/llama-bench" ] || [ ! -x "$BUILD/bin/llama-batched-bench" ]; then
    echo "compare.sh: building llama.cpp $TAG (CPU only, native SIMD) into $BUILD; minutes on 2 cores" >&2
    cmake -S "$LLAMA_CPP_SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_CUDA=OFF -DGGML_METAL=OFF \
      -DLLAMA_CURL=OFF -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF >"$OUT/cmake.log"
    cmake --build "$BUILD" -j "$THREADS" --target llama-bench llama-batched-bench >>"$OUT/cmake.log"
  fi
  BIN="$BUILD/bin"
else
  echo "compare.sh: set LLAMA_CPP_SRC (llama.cpp source at tag $PIN) or LLAMA_CPP_BIN (its built bin folder)" >&2
  exit 1
fi
for tool in llama-bench llama-batched-bench; do
  [ -x "$BIN/$tool" ] || { echo "compare.sh: no $BIN/$tool" >&2; exit 1; }
done

LB="$ROOT/bin/lightbulb"
export LIGHTBULB_JAVA_OPTS="${LIGHTBULB_JAVA_OPTS:-} -Djava.util.concurrent.ForkJoinPool.common.parallelism=$((THREADS - 1)) -Xmx12g"
RAW="$OUT/raw-$(date -u +%Y%m%dT%H%M%SZ).csv"
echo "engine,model,test,run,tokens_per_second" >"$RAW"
{ echo "# $(date -u +%FT%TZ) lightbulb $(git -C "$ROOT" rev-parse --short HEAD) llama.cpp $TAG threads $THREADS"
  echo "# $(uptime)"; } >"$RAW.meta"

for shape in $SHAPES; do
  for type in $TYPES; do
    if [ "$type" = Q4_K ] && [ "$shape" = stories15M ]; then continue; fi   # dim 288 is not a multiple of Q4_K's 256
    gguf="$MODELS/$shape-$type.gguf"
    [ -f "$gguf" ] || "$LB" bench random-model --shape "$shape" --weight-type "$type" --output "$gguf" 2>/dev/null
    name="$shape-$type"
    for run in $(seq 1 "$REPS"); do
      # llama-bench: CSV with a header; tg and pp rows are told apart by n_prompt / n_gen
      "$BIN/llama-bench" -m "$gguf" -p 64 -n 64 -t "$THREADS" -r 1 -o csv 2>/dev/null | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    test = "pp%s" % r["n_prompt"] if int(r["n_gen"]) == 0 else "tg%s" % r["n_gen"]
    print("llama.cpp,%s,%s,%s,%s" % (sys.argv[1], test, sys.argv[2], r["avg_ts"]))
    open(sys.argv[3], "w").write("# llama.cpp build_commit %s build_number %s\n" % (r["build_commit"], r["build_number"]))
' "$name" "$run" "$RAW.build" >>"$RAW"
      # llama-batched-bench: Markdown rows | PP | TG | B | N_KV | T_PP | S_PP | T_TG | S_TG | T | S |
      "$BIN/llama-batched-bench" -m "$gguf" -c 6144 -b 2048 -ub 512 -npp 32 -ntg 64 -npl 8,64 -t "$THREADS" 2>/dev/null \
        | awk -F'|' -v m="$name" -v r="$run" '$2 ~ /^ *32 *$/ { gsub(/ /, "", $4); gsub(/ /, "", $11); print "llama.cpp," m ",batched" $4 "," r "," $11 }' >>"$RAW"
      "$LB" bench speed --backend cpu --model "$gguf" --repeat 1 2>/dev/null | tail -n +2 | sed "s/^/lightbulb,$name,/; s/,\([^,]*\)$/,$run,\1/" >>"$RAW"
    done
  done
done
{ cat "$RAW.build" 2>/dev/null && rm -f "$RAW.build"; echo "# $(uptime)"; } >>"$RAW.meta"
cat "$RAW.meta" >&2

# ---- medians and ratios
python3 - "$RAW" "$TAG" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
v = {}
for r in rows:
    v.setdefault((r["model"], r["test"], r["engine"]), []).append(float(r["tokens_per_second"]))
tests = ["tg64", "pp64", "batched8", "batched64"]
print("| model | " + " | ".join(tests) + " |")
print("|---|" + "---|" * len(tests))
for model in dict.fromkeys(r["model"] for r in rows):
    cells = []
    for t in tests:
        a, b = v.get((model, t, "lightbulb")), v.get((model, t, "llama.cpp"))
        cells.append("%.2f (%.0f / %.0f)" % (statistics.median(a) / statistics.median(b), statistics.median(a), statistics.median(b)) if a and b else "–")
    print("| %s | %s |" % (model, " | ".join(cells)))
print("\n(ratio = lightbulb ÷ llama.cpp %s, medians of tokens/s; in brackets lightbulb / llama.cpp)" % sys.argv[2])
PY
echo "raw: $RAW ($RAW.meta)" >&2
