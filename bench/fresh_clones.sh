#!/usr/bin/env bash
# N (default 10) consecutive fresh clones of this repository at COMMIT, each `bash .ci/run`; runs 4 and 8 under another
# OPENBLAS_CORETYPE (unset, Zen). Usage: bench/fresh_clones.sh COMMIT   (results: runs/fresh-clones.tsv)
set -u
repo="$(cd "$(dirname "$0")/.." && pwd)"; commit="$1"; mkdir -p "$repo/runs"; out=${OUT:-$repo/runs/fresh-clones.tsv}
echo -e "run\tcommit\tstart_utc\tenv\tresult\twall_s\ttests" > "$out"
for i in $(seq 1 ${N:-10}); do
  d=/tmp/fc-$i; rm -rf "$d"; git clone -q "$repo" "$d"; (cd "$d" && git checkout -q "$commit")
  envs=(); label="host (OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset})"
  [ "$i" = 4 ] && { envs=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE); label="OPENBLAS_CORETYPE unset"; }
  [ "$i" = 8 ] && { envs=(OPENBLAS_CORETYPE=Zen); label="OPENBLAS_CORETYPE=Zen"; }
  start=$(date -u '+%F %T'); t0=$(date +%s)
  if (cd "$d" && env "${envs[@]}" bash .ci/run > "$d.log" 2>&1); then r=green; else r=RED; fi
  wall=$(( $(date +%s) - t0 ))
  tests=$(grep -E '^\[INFO\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$|^\[ERROR\] Tests run: [0-9]+, Failures' "$d.log" | sed -E 's/.*Tests run: ([0-9]+).*/\1/' | paste -sd+ | bc)
  echo -e "$i\t$commit\t$start\t$label\t$r\t$wall\t$tests" | tee -a "$out"
  rm -rf "$d"
done
