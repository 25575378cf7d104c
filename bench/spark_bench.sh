#!/usr/bin/env bash
# Issue 18 benchmark: one table of >= 1M rows scored by `assign` (one JVM) and by `spark-assign` (local[1], local[2]),
# each pinned to 1 or 2 cores with taskset and PyTorch limited to one thread per task (two for assign on 2 cores).
# Usage: bench/spark_bench.sh DIR   (DIR holds table-1m.csv and the model directory `model`; see docs/benchmarks.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$1"
data="$dir/table-1m.csv"
model="$dir/model"
sc="$here/softcluster"
"$sc" --version >/dev/null   # builds the CLI if needed, outside the timings
"$sc" spark-assign --version >/dev/null
# the first Spark run of a build records its classes for faster start-up (the launcher's class-data archive):
# done here on the first 1 000 rows, outside the timings, as the build is
head -1001 "$data" > "$dir/warmup.csv"
"$sc" spark-assign --master 'local[1]' --model "$model" --data "$dir/warmup.csv" --id-column id --label-column group --out "$dir/warmup-out" >/dev/null
run() {   # name cores threads command...
  local name="$1" cores="$2" threads="$3"
  shift 3
  echo "== $name (cores $cores, torch threads $threads) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" \
  SOFTCLUSTER_JAVA_OPTS="-Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 -Dlog4j2.configurationFile=$here/bench/log4j2-jobs.properties" \
    taskset -c "$cores" /usr/bin/time -v "$@" 2> "$dir/$name.err" | tail -1
  grep -E "Elapsed|Maximum resident" "$dir/$name.err"
  grep -E "Job [0-9]+ finished" "$dir/$name.err" | sed 's/.*\(Job [0-9]* finished\).*took/  \1, took/' || true
}
run assign-1core 0 1 "$sc" assign --model "$model" --data "$data" --id-column id --label-column group --out "$dir/assign-1.csv"
run spark-local1 0 1 "$sc" spark-assign --master 'local[1]' --model "$model" --data "$data" --id-column id --label-column group --out "$dir/spark-1"
run assign-2core 0,1 2 "$sc" assign --model "$model" --data "$data" --id-column id --label-column group --out "$dir/assign-2.csv"
run spark-local2 0,1 1 "$sc" spark-assign --master 'local[2]' --model "$model" --data "$data" --id-column id --label-column group --out "$dir/spark-2"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
