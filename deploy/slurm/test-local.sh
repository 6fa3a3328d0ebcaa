#!/usr/bin/env bash
# End-to-end test of run-array.sbatch and merge.sbatch on a real Slurm: starts a one-node cluster on this machine
# (munged, slurmctld, slurmd on localhost, CPU only, configuration in a temporary folder), installing Debian's
# slurm-wlm and munge first where they are missing (needs root), submits three shards of a small greedy run of the
# bundled model and the afterok merge job, waits for them, and checks that the merged folder holds what one unsharded
# run writes: the same episodes, each the same record timestamps aside (lightbulb merge refuses copies that differ),
# and the same results.csv and raw.csv. Every daemon it started is stopped on exit. If Slurm cannot be installed or
# started, it says why and fails; it never skips. Run it from anywhere: deploy/slurm/test-local.sh
# Environment: TEST_TIMEOUT (seconds to wait for the jobs, default 300), KEEP=1 keeps the temporary folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WAIT="${TEST_TIMEOUT:-300}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/lightbulb-slurm.XXXXXX")"
pids=()
jobs_submitted=()

say() { echo "test-local.sh: $*"; }
fail() {
  echo "test-local.sh: FAILED: $*" >&2
  for log in "$tmp"/munged.log "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/*-*.log; do
    [ -s "$log" ] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}
cleanup() {
  local status=$?
  if [ ${#jobs_submitted[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then scancel "${jobs_submitted[@]}" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -eq 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$tmp"; else echo "test-local.sh: logs and results kept in $tmp" >&2; fi
}
trap cleanup EXIT
trap 'fail "interrupted (time limit?)"' TERM INT

# --- Slurm and munge, from Debian's packages where missing
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" -eq 0 ] || fail "slurm-wlm and munge are not installed, and installing them with apt-get needs root"
  command -v apt-get >/dev/null || fail "slurm-wlm and munge are not installed, and this is no Debian-like system with apt-get"
  say "installing slurm-wlm and munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends slurm-wlm munge || { apt-get update && apt-get install -y --no-install-recommends slurm-wlm munge; }; } \
    >"$tmp/apt.log" 2>&1 || { tail -n 20 "$tmp/apt.log" >&2; fail "apt-get could not install slurm-wlm and munge (above)"; }
fi
[ "$(id -u)" -eq 0 ] || fail "slurmd must run as root to start jobs; run this test as root"
say "$(slurmctld -V)"

# --- munge: an authentication daemon of our own, with its own key and socket
mkdir -p "$tmp/munge" && chmod 755 "$tmp/munge"   # clients reach the socket; the key is the daemon's alone
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/seed" --log-file="$tmp/munged.log" >"$tmp/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$tmp/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$tmp/munge/munge.socket" ] || fail "munged did not start"

# --- one node: this machine, its CPUs, and four stand-in GPUs (the array script asks for --gres=gpu:1 as on a cluster)
host="$(hostname -s 2>/dev/null || cut -d. -f1 /proc/sys/kernel/hostname)"
cpus="$(nproc)"
# two free ports next to each other for slurmctld and slurmd (bash's /dev/tcp connects where something listens)
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 20); do
  port=$((20000 + RANDOM % 20000))
  listening "$port" || listening $((port + 1)) || break
done
mkdir -p "$tmp/state" "$tmp/spool"
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=lightbulb-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=600
GresTypes=gpu
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus Gres=gpu:4 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# gres/gpu counts device files; four empty files stand in for /dev/nvidia0..3 (no job here uses a GPU)
touch "$tmp"/nvidia{0,1,2,3}
echo "NodeName=$host Name=gpu File=$tmp/nvidia[0-3]" >"$tmp/gres.conf"
slurmctld -D -c -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 60); do
  state="$(sinfo -h -N -o %T 2>/dev/null | head -n 1 || true)"
  [ "$state" = idle ] && break
  case "$state" in inval*|drain*|down*) fail "the node came up $state: $(sinfo -h -R -o %E | head -n 1)";; esac
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a Slurm daemon exited at start ($(cat "$tmp"/slurmctld.out "$tmp"/slurmd.out | tail -n 3 | tr '\n' ' '))"; done
  sleep 0.5
done
[ "$state" = idle ] || fail "the node did not come up idle within 30 s (state: '${state:-no answer from slurmctld}')"
say "one-node cluster up: $host, $cpus CPUs, 4 stand-in GPUs"

# --- the array job and the merge job, as a user submits them (each task on one CPU: the machine may have two)
cd "$ROOT"
bin/lightbulb --version >/dev/null || fail "bin/lightbulb cannot run (Java 25 and the jar; see its message above)"
run_options=(--backend cpu --limit-instances 1 --max-tokens 6 --context 4096
  --experiments compact_grids,travel-booking,line_grids_rows,high_en,high_frequency_words_no_clue_no_critic,high_frequency_words_clue_with_critic)
results="$tmp/results"
array=$(sbatch --parsable --array=1-3 --cpus-per-task=1 --output="$tmp/run-%A_%a.log" deploy/slurm/run-array.sbatch "$results" "${run_options[@]}") \
  || fail "sbatch refused the array job"
jobs_submitted+=("$array")
merge=$(sbatch --parsable --dependency=afterok:"$array" --cpus-per-task=1 --output="$tmp/merge-%j.log" deploy/slurm/merge.sbatch "$results") \
  || fail "sbatch refused the merge job"
jobs_submitted+=("$merge")
say "submitted array job $array (3 shards) and merge job $merge (afterok)"
deadline=$((SECONDS + WAIT))
while [ -n "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ]; do
  if squeue -h -j "$merge" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then fail "a shard failed, so the merge job will never run"; fi
  [ $SECONDS -lt $deadline ] || fail "the jobs did not finish within $WAIT s: $(squeue -h -o '%i %T %r' | tr '\n' ';')"
  sleep 2
done
for job in "$array" "$merge"; do
  states="$(scontrol show job "$job" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' ')"
  [ "$states" = "COMPLETED " ] || fail "job $job ended $states(see its log below)"
done
say "all 3 shards and the merge completed"

# --- the unsharded run, and the comparison
bin/lightbulb run --out "$tmp/whole" "${run_options[@]}" >"$tmp/whole-run.log" 2>&1 || fail "the unsharded run failed (see $tmp/whole-run.log)"
episodes() { (cd "$1" && find . -name interactions.json | sort); }
[ "$(episodes "$tmp/whole" | wc -l)" -gt 0 ] || fail "the unsharded run wrote no episode"
diff <(episodes "$tmp/whole") <(episodes "$results/merged") >&2 || fail "the merged folder holds other episodes than the unsharded run (diff above)"
for table in results.csv raw.csv; do
  diff "$tmp/whole/$table" "$results/merged/$table" >&2 || fail "$table of the merge differs from the unsharded run's (diff above)"
done
bin/lightbulb merge "$tmp/whole" "$results/merged" --out "$tmp/check" >"$tmp/check.log" 2>&1 \
  || fail "an episode of the merge is not the unsharded run's record: $(grep lightbulb: "$tmp/check.log" | tail -n 1)"
say "PASSED: $(episodes "$tmp/whole" | wc -l) episodes of 3 Slurm shards merged equal the unsharded run (records, results.csv, raw.csv)"
