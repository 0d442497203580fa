#!/usr/bin/env bash
# Runs every ricci command on small built-in data and keeps all they write
# (files, stdout, stderr, exit codes) in OUT, so that a refactor can prove
# itself: snapshot before, snapshot after, `diff -r` the two. The only
# fields that differ between two runs by design (metrics.json's "seconds",
# the progress lines' timings) are masked. Usage:
#   test/snapshot_commands.sh build/ricci OUT
set -u
ricci=$(realpath "$1"); out=$2
rm -rf "$out"; mkdir -p "$out"; cd "$out" || exit 1
n=0
step() { # step NAME ricci-arguments...: run, keep stdout, stderr and exit code
  local name=$1; shift; n=$((n + 1))
  "$ricci" "$@" >"$(printf '%02d' $n)-$name.stdout" 2>"$(printf '%02d' $n)-$name.stderr"
  echo $? >"$(printf '%02d' $n)-$name.exit"
}
for c in "" train analyze sweep merge report run datasets; do step "help-$c" $c --help; done
step version --version
step datasets datasets
step train train --data spirals:n=400 --width 12 --depth 3 --epochs 4 --track-every 2 --k 5,10 --local \
  --validation-fraction 0.2 --seed 3 --threads 2 --quiet --out t
step analyze analyze t --k 5,10,20 --local --curvature ollivier --export-graph --threads 2 --quiet --out a
step analyze-r analyze t --k 5,10 --convention paper-r --quiet --out ar
step analyze-radius analyze t --graph radius:2.5 --global-forman --quiet --out arad
step analyze-layers analyze --layers t/layer_0.npy t/layer_1.npy t/layer_2.npy --k 5 --quiet --out al
cat > grid.ini <<'INI'
[data]
datasets = circles:n=240;paper-a:n=240
[model]
baselines = untrained,shuffled-labels
widths = 8,6/3
depths = 3,4
seeds = 1,2,3,4
[training]
epochs = 3
[analysis]
k = 5,10
k_frac = 0.1
local = true
accuracy_threshold = 0.5
select_k_on = half
INI
step sweep sweep --config grid.ini --threads 2 --quiet --out s
step sweep-shard0 sweep --config grid.ini --shard 0/2 --threads 2 --quiet --out s0
step sweep-shard1 sweep --config grid.ini --shard 1/2 --threads 2 --quiet --out s1
step merge merge s0 s1 --out m
step report report s
step report-merged report m
step sweep-track sweep --datasets 'circles:n=200' --widths 6 --depths 2 --seeds 1,2,3 --epochs 4 --track-every 1 \
  --stop-when-stable --k 5,10 --baselines untrained --threads 2 --quiet --out st
step report-track report st
step sweep-small sweep --datasets 'paper-b:n=200' --widths 6 --depths 3 --seeds 1,2 --epochs 3 --k 5,10 --local --quiet --out sx
step sweep-extend sweep --resume --extend --datasets 'paper-b:n=200' --widths 6 --depths 3 --seeds 1,2,3 --epochs 3 --k 5,10,15 --local --quiet --out sx
step sweep-runs sweep --runs t --k 5,10 --local --quiet --out sr
step run run --epochs 3 --seeds 1,2 --threads 2 --out r
# errors: one line each, the exit code
step err-k analyze t --k 5000 --out e1
step err-opt sweep --widht 3 --out e2
step err-ini sweep --config /nonexistent.ini --out e3
printf '[model]\nwidths = x\n' >bad.ini; step err-ini-value sweep --config bad.ini --out e4
step err-merge merge s --out e5
# masks: timings, and the commit --version names
sed -i -E 's/\(commit [0-9a-f]+\)/(commit C)/' ./*-version.stdout ./*-help-.stdout
find . -name metrics.json -exec sed -i -E 's/"(seconds|tracking_seconds)": ?[0-9.e+-]+/"\1": 0/g' {} +
sed -i -E 's/[0-9]+(\.[0-9]+)? ?(s|ms|min)\b/T/g' ./*.stderr ./*.stdout
exit 0
