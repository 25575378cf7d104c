#!/usr/bin/env bash
# The generalisation suite (issue 15): the method under its default `auto` preset against k-means and a diagonal GMM
# (same scaling, same seeds) on MNIST, wine, iris and six generated tables; one table of NMI, ARI, ACC, H(gamma), ECE,
# clusters used and training seconds, mean +- std over the seeds.
#
#   bench/suite.sh [OUT_DIR]            everything (MNIST included: about 20 minutes per seed on 2 cores)
#   SETS="wine iris" bench/suite.sh     a subset; SEEDS=1 for one seed
#
# Needs Debian's python3-sklearn (wine and iris ship in it; the generator uses its make_blobs):
#   apt-get install python3-sklearn
# Runs the commands a user would: `softcluster compare --methods kmeans,gmm,ervade` with default options.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/runs/suite}"
seeds="${SEEDS:-3}"
sets="${SETS:-wine iris aniso varied imbalanced noise mixed constant mnist}"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
sk="$("$py" -c 'import os, sklearn.datasets as d; print(os.path.join(os.path.dirname(d.__file__), "data"))' 2>/dev/null)" || {
  echo "suite: scikit-learn not found for $py (apt-get install python3-sklearn)" >&2; exit 2; }
mkdir -p "$out"
"$py" "$here/bench/make_suite_data.py" "$out/data"
cp "$sk/wine_data.csv" "$sk/iris.csv" "$out/data/"
for name in $sets; do
  case "$name" in
    wine)       args=(--data "$out/data/wine_data.csv" --label-column target --k 3) ;;
    iris)       args=(--data "$out/data/iris.csv" --label-column target --k 3) ;;
    aniso|varied|imbalanced) args=(--data "$out/data/$name.csv" --label-column label --k 3) ;;
    noise|constant) args=(--data "$out/data/$name.csv" --label-column label --k 4) ;;
    mixed)      args=(--data "$out/data/mixed.csv" --label-column label --k 3 --missing mean) ;;
    mnist)      [ -d "$here/data/mnist" ] || "$here/softcluster" fetch mnist --out "$here/data/mnist"
                args=(--data "$here/data/mnist" --k 10) ;;
    *) echo "suite: unknown set $name" >&2; exit 2 ;;
  esac
  echo "suite: $name" >&2
  "$here/softcluster" compare "${args[@]}" --methods kmeans,gmm,ervade --seeds "$seeds" --out "$out/$name" > "$out/$name.log" 2>&1 \
    || { echo "suite: $name failed, see $out/$name.log" >&2; exit 1; }
done
"$py" "$here/bench/suite_table.py" "$out" $sets | tee "$out/suite.md"
