#!/usr/bin/env bash
# Issue 30: our UMAP against Smile 2.6's on MNIST codes (7 maps each, timed; NMI of a GMM on each map).
# Usage: bench/umap/run.sh MODEL_DIR [MNIST_DIR]   (MODEL_DIR: a `softcluster train` output on MNIST)
# Smile's UMAP needs smile-core 2.6.0 and its bytedeco natives, which the project no longer depends on:
# Maven fetches them into the local repository here, for this benchmark only.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
model="$1"; mnist="${2:-$here/data/mnist}"
work="${TMPDIR:-/tmp}/umap-vs-smile"; mkdir -p "$work"
(cd "$here" && ./softcluster --version >/dev/null)   # builds the tool if needed
for a in com.github.haifengl:smile-core:2.6.0 org.bytedeco:javacpp:1.5.4 org.bytedeco:javacpp:1.5.4:jar:linux-x86_64 \
         org.bytedeco:openblas:0.3.10-1.5.4 org.bytedeco:openblas:0.3.10-1.5.4:jar:linux-x86_64 \
         org.bytedeco:arpack-ng:3.7.0-1.5.4 org.bytedeco:arpack-ng:3.7.0-1.5.4:jar:linux-x86_64; do
  (cd "$here" && mvn -B -q dependency:copy -Dartifact="$a" -DoutputDirectory="$work/lib" >/dev/null)
done
cp="$here/cli/target/softcluster-cli.jar:$here/cli/target/lib/*:$work/lib/*"
javac -cp "$cp" -d "$work" "$here/bench/umap/UmapVsSmile.java"
java -cp "$work:$cp" UmapVsSmile "$model" "$mnist"
