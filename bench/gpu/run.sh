#!/usr/bin/env bash
# ONE call on the GPU machine (H100/H200; see /work/.library/device/README.md), from the repository root:
#   run  command: bash bench/gpu/run.sh     carry: [".device"]     (after bench/gpu/prepare.sh here)
# Steps: build kernels + native harness with cmake; native kernel checks (ctest); the gpu-tagged JUnit tests
# on the carried Java runtime; end-to-end generate on cpu/cuda; kernel micro-timing; PyTorch anchors;
# compute-sanitizer memcheck of the checks (--quick shapes). Budget: well inside one 10-minute device call.
# Options (environment): RACECHECK=1 adds compute-sanitizer racecheck, NCU=1 adds an ncu profile of the matmuls.
# Prints a short table last; full logs go to $OUT (the device tool brings them back).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
OUT="${OUT:-/tmp/lightbulb-gpu-out}"
mkdir -p "$OUT"
# The device tool returns at most 8 files from $OUT: each step's log goes to $LOGS and is appended to
# $OUT/run.log; timing tables also to $OUT/timing.txt; the summary to $OUT/summary.txt.
LOGS=/tmp/lightbulb-gpu-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
BUILD=build-gpu
declare -a SUMMARY

step() {  # step NAME LOGFILE TIMEOUT_S COMMAND...
    local name="$1" logname="$2" limit="$3"; shift 3
    local log="$LOGS/$logname" t0=$SECONDS
    echo "== $name ==" >"$log"
    timeout "$limit" "$@" >>"$log" 2>&1
    local rc=$?
    tail -n 25 "$log"
    cat "$log" >>"$OUT/run.log"
    SUMMARY+=("$(printf '%-36s rc=%-4s %5ss  %s' "$name" "$rc" "$((SECONDS - t0))" "$logname")")
    return 0
}

nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee "$LOGS/device.txt"
nvcc --version | tail -1 | tee -a "$LOGS/device.txt"

step "cmake build (kernels + native)" build.log 300 \
    bash -c "cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=Release && cmake --build $BUILD -j16"
FATBIN="$BUILD/kernels/lightbulb.fatbin"
step "native checks (ctest -L gpu)" ctest.log 300 ctest --test-dir "$BUILD" -L gpu -E timing --output-on-failure
if [ -f .device/bundle.tgz ]; then
    DEV=/tmp/lightbulb-device
    rm -rf "$DEV" && mkdir -p "$DEV" && tar -C "$DEV" -xzf .device/bundle.tgz
    step "JUnit @Tag(gpu) on carried JRE" junit.log 300 \
        "$DEV/jre/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g \
        -Dlightbulb.shared="$DEV/shared" -cp "$DEV/tests:$DEV/lib/*" GpuTestLauncher \
        dev.lightbulb.backend.cuda.CudaBackendGpuTest dev.lightbulb.backend.cuda.CudaProviderGpuTest dev.lightbulb.model.CudaModelGpuTest
    # End to end: the bundled stories260K, greedy, on each backend (the ids must agree; tokens/s in the JSON).
    JAVA=("$DEV/jre/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
    GEN=(-cp "$DEV/lib/*" dev.lightbulb.cli.Main generate --prompt "Once upon a time" --max-tokens 200 --json)
    step "generate stories260K cpu" gen_cpu.json 120 "${JAVA[@]}" "${GEN[@]}" --backend cpu
    step "generate stories260K cuda" gen_cuda.json 120 "${JAVA[@]}" "${GEN[@]}" --backend cuda
    step "generate stories260K cuda q8" gen_cuda_q8.json 120 "${JAVA[@]}" -Dlightbulb.cuda.matmul=q8 "${GEN[@]}" --backend cuda
    python3 - "$LOGS" <<'PY' | tee "$LOGS/generate_summary.txt"
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
runs = {}
for name in ["gen_cpu", "gen_cuda", "gen_cuda_q8"]:
    text = (out / f"{name}.json").read_text()
    start = text.find("{")
    try:
        runs[name] = json.loads(text[start:]) if start >= 0 else None
    except ValueError:
        runs[name] = None
for name, r in runs.items():
    if r is None:
        print(f"{name}: no JSON (see {name}.json)")
        continue
    same = runs["gen_cpu"] is not None and r["generated_ids"] == runs["gen_cpu"]["generated_ids"]
    print(f"{name}: {len(r['generated_ids'])} tokens, ids {'==' if same else '!='} cpu, prompt {r.get('prompt_ms')} ms, {r.get('tokens_per_second')} tokens/s")
PY
else
    SUMMARY+=("JUnit @Tag(gpu): skipped, no .device/bundle.tgz (run bench/gpu/prepare.sh and carry .device)")
fi

step "kernel timing (lb_bench_kernels)" kernels_timing.txt 300 "$BUILD/native/lb_bench_kernels" "$FATBIN"
if [ -n "${NCU:-}" ]; then  # hardware counters of the matmul and sampling kernels (slow: opt in)
    step "ncu (qmatmul, sample)" ncu.txt 300 ncu --clock-control none --section SpeedOfLight --section MemoryWorkloadAnalysis \
        -k regex:'lb_qmatmul|lb_sample|lb_matmul_q8' -c 12 "$BUILD/native/lb_bench_kernels" "$FATBIN"
fi
step "PyTorch anchors" torch_anchors.txt 300 env PYTHONUNBUFFERED=1 python3 bench/gpu/torch_anchors.py
# The sanitizer last: slowest, and the results above matter most if the call runs short of time.
step "compute-sanitizer memcheck (--quick)" memcheck.log 240 \
    compute-sanitizer --tool memcheck --error-exitcode 3 "$BUILD/native/lb_check_kernels" "$FATBIN" --quick
if [ -n "${RACECHECK:-}" ]; then
    step "compute-sanitizer racecheck" racecheck.log 420 \
        compute-sanitizer --tool racecheck --error-exitcode 3 "$BUILD/native/lb_check_kernels" "$FATBIN" --quick
fi


{
    echo "================ lightbulb GPU run ================"
    cat "$LOGS/device.txt"
    printf '%s\n' "${SUMMARY[@]}"
    [ -f "$LOGS/generate_summary.txt" ] && cat "$LOGS/generate_summary.txt"
    echo "---- timing (median of event-timed repeats; bytes = what the kernel must move) ----"
    cat "$LOGS/kernels_timing.txt" "$LOGS/torch_anchors.txt" 2>/dev/null | grep -E ' ms |^device:|^torch '
} | tee "$OUT/summary.txt"
cat "$LOGS/kernels_timing.txt" "$LOGS/torch_anchors.txt" >"$OUT/timing.txt" 2>/dev/null
