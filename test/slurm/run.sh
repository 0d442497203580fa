#!/usr/bin/env bash
# test/slurm/run.sh — the cluster path on a real Slurm (`make test-slurm`).
#
# Starts a one-node Slurm from Debian's packages (slurmctld, slurmd, munge;
# installed when missing, as root) with its own munged, configuration, ports,
# spool and logs in a temporary folder: no systemd, nothing of the machine's
# own configuration used or changed. Then it submits the README's job array
# (the script in README.md, "Many machines", with a small grid and N shards
# in place of configs/synthetic-grid.ini and 16), sends SIGTERM to one task
# while it runs (what Slurm sends at a time limit) and checks that the task
# stopped as documented (exit 143, "interrupted by SIGTERM" on stderr, whole
# files), requeues that task, waits for the array, merges the shards, and
# checks that every file of the merged folder equals the unsharded sweep's
# byte for byte. The daemons it started are stopped on exit, whatever
# happens. About 15 s on 2 cores (and 10 to 30 s more to install the
# packages); run it when the cluster path changes (sweep --shard, --resume,
# SIGTERM, merge, the README's script). KEEP=1 keeps its folder.
#
#   make test-slurm            (builds build/ricci first)
#   RICCI=build/ricci test/slurm/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
ricci=$(realpath "${RICCI:-build/ricci}")
shards=${SHARDS:-4}

begin=$(date +%s)
say() { printf 'test-slurm: [%3d s] %s\n' $(($(date +%s) - begin)) "$*"; }
fail() {
  printf 'test-slurm: FAILED: %s\n' "$*" >&2
  exit 1
}

[ -x "$ricci" ] || fail "$ricci is not built (make build/ricci)"
missing=()
for package in slurmctld slurmd slurm-client munge; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "needs ${missing[*]} (apt-get install, as root)"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" > /dev/null
fi
[ "$(id -u)" = 0 ] || fail "runs the daemons as root (SlurmUser=root): run it as root"

start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/ricci-slurm.XXXXXX")
chmod 700 "$work"
pids=()
cleanup() {
  local status=$?
  # Only the daemons this script started, by their process ids.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
  done
  if [ $status -ne 0 ]; then
    for log in "$work"/log/*.log; do
      [ -f "$log" ] && { echo "--- $log (last lines)"; tail -n 20 "$log"; }
    done
    echo "test-slurm: the files are in $work"
  else
    [ -n "${KEEP:-}" ] && echo "test-slurm: the files are in $work" || rm -rf "$work"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir -p "$work"/{log,spool/ctld,spool/slurmd,munge,jobs,out}

# munge: its own key, socket and files.
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" --seed-file="$work/munge/munged.seed" &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || fail "munged did not start"

# Free ports for slurmctld and slurmd.
port=$((20000 + RANDOM % 20000))
while ss -ltn 2> /dev/null | grep -q ":$port \|:$((port + 1)) "; do port=$((port + 2)); done
host=$(hostname -s)
memory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512))
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=ricci-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$work/spool/ctld
SlurmdSpoolDir=$work/spool/slurmd
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
KillWait=30
MinJobAge=300
NodeName=localhost NodeAddr=127.0.0.1 NodeHostname=$host CPUs=2 RealMemory=$memory State=UNKNOWN
PartitionName=ricci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" > "$work/log/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  state=$(sinfo -h -N -o '%t' 2> /dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || fail "the node did not come up (sinfo says '${state:-nothing}')"
say "one-node Slurm $(slurmctld -V | tr -d "\n") up in $(($(date +%s) - start)) s (slurmctld port $port)"

# A small grid, and the README's job array script with it: N shards.
cat > "$work/jobs/grid.ini" <<'INI'
[data]
datasets = circles:n=600,noise=0.1; spirals:n=600
[model]
widths = 8, 16
depths = 2, 3
seeds = 1, 2, 3, 4
[training]
epochs = 800
[analysis]
k = 5, 12
accuracy_threshold = 0.6
INI
script=$(awk '/^#SBATCH --array/ {found = 1; print "#!/bin/bash"} found && /^```/ {exit} found' "$repo/README.md")
[ -n "$script" ] || fail "no job array script (#SBATCH --array) in README.md"
script=$(printf '%s\n' "$script" |
  sed -e "s|--array=0-15|--array=0-$((shards - 1))|" -e "s|/16 |/$shards |" -e "s|configs/synthetic-grid.ini|$work/jobs/grid.ini|" \
    -e "s|build/ricci |$ricci |")
printf '%s\n' "$script" > "$work/jobs/array.sh"
grep -q -- "--shard \$SLURM_ARRAY_TASK_ID/$shards " "$work/jobs/array.sh" || fail "the README's script changed: $(cat "$work/jobs/array.sh")"

job=$(sbatch --parsable --chdir="$work/jobs" --open-mode=append --output="$work/out/%A_%a.out" \
  --error="$work/out/%A_%a.err" "$work/jobs/array.sh")
job=${job%%;*}
say "submitted job array $job: $shards tasks of the README's script"

# SIGTERM to task 1 while it runs (after its first model), as Slurm sends at a time limit.
task=1
shard="$work/jobs/shards/$task"
for _ in $(seq 600); do
  [ -f "$shard/models.csv" ] && [ "$(wc -l < "$shard/models.csv")" -ge 2 ] && break
  sleep 0.05
done
[ "$(wc -l < "$shard/models.csv" 2> /dev/null || echo 0)" -ge 2 ] || fail "task $task did not start its models"
# Running, not still configuring: a job in transition refuses signals for a while.
for _ in $(seq 100); do
  [ "$(squeue -h -j "${job}_$task" -o %t 2> /dev/null)" = R ] && break
  sleep 0.05
done
# (Slurm 22.05 signals the batch step but answers the job's part "try again
# later", which scancel retries 5 s on: it is not waited for.)
timeout 2 scancel --signal=TERM --full "${job}_$task" 2> "$work/log/scancel.err" || true
for _ in $(seq 600); do
  state=$(sacct -n -X -j "${job}_$task" -o State 2> /dev/null | tr -d ' ' || true)
  state=${state:-$(scontrol show job "${job}_$task" 2> /dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')}
  case "$state" in COMPLETED | FAILED | CANCELLED*) break ;; esac
  sleep 0.1
done
exit_code=$(scontrol show job "${job}_$task" | sed -n 's/.*ExitCode=\([0-9]*\):.*/\1/p' | head -n 1)
done_models=$(($(wc -l < "$shard/models.csv") - 1))
say "task $task: SIGTERM after its first model: $state, exit $exit_code, $done_models of 8 models kept"
[ "$done_models" -lt 8 ] || fail "task $task finished before the signal"
grep -q "ricci: interrupted by SIGTERM: " "$work/out/${job}_$task.err" ||
  fail "task $task said nothing of the SIGTERM: $(cat "$work/out/${job}_$task.err")"
[ "$exit_code" = 143 ] || fail "task $task exited $exit_code after SIGTERM, not 143"
tail -c 1 "$shard/models.csv" | od -An -c | grep -q '\\n' || fail "task $task left a torn models.csv"

scontrol requeue "${job}_$task"
# Slurm holds a requeued job back (BeginTime two minutes on): start it now.
scontrol update JobId="${job}_$task" StartTime=now 2> /dev/null || true
say "requeued task $task"
for _ in $(seq 1200); do
  [ -z "$(squeue -h -j "$job" 2> /dev/null)" ] && break
  sleep 0.2
done
[ -z "$(squeue -h -j "$job")" ] || fail "the job array did not finish: $(squeue -j "$job")"
for ((i = 0; i < shards; i++)); do
  code=$(scontrol show job "${job}_$i" | sed -n 's/.*ExitCode=\([0-9]*\):.*/\1/p' | head -n 1)
  [ "$code" = 0 ] || fail "task $i ended with exit $code: $(cat "$work/out/${job}_$i.err")"
done
grep -q "already" "$work/out/${job}_$task.out" || fail "the requeued task did not resume: $(cat "$work/out/${job}_$task.out")"

# The unsharded sweep, to compare with, and the shards merged.
"$ricci" sweep --config "$work/jobs/grid.ini" --threads 2 --quiet --out "$work/unsharded" > /dev/null
"$ricci" merge "$work"/jobs/shards/* --out "$work/merged" --quiet
files=0
for file in $(cd "$work/unsharded" && find . -type f ! -name .ricci-lock | sort); do
  cmp -s "$work/unsharded/$file" "$work/merged/$file" || fail "merged $file differs from the unsharded sweep's"
  files=$((files + 1))
done
[ "$(cd "$work/merged" && find . -type f | wc -l)" = "$files" ] || fail "the merged folder holds other files than the unsharded one"
say "merged $shards shards: all $files files equal the unsharded sweep's, byte for byte"
say "passed in $(($(date +%s) - start)) s"
