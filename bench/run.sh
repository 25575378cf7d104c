#!/usr/bin/env bash
# bench/run.sh — speed benchmark: softcluster (Java, DJL + PyTorch engine) against a PyTorch peer
# on the same machine.
#
# What it measures
#   The wall time of one epoch of stage-3 training (the entropy-regularised VaDE objective, paper
#   preset) on the 60,000 MNIST training images: batch 256, 235 steps per epoch, each step =
#   forward, backward, global-norm clipping (5.0) and an Adam update (lr 1e-4), all on the CPU.
#   - PyTorch peer: bench/pytorch_peer.py, the same network (784-500-500-2000, d = 10, K = 10,
#     decoder mirrored), the same loss (Gaussian recon, -logsumexp KL, reverse distillation,
#     eta = 0.05 entropy term, beta = 20) and the same optimiser, written in plain PyTorch.
#     One warm-up epoch, then N timed epochs; reports the median epoch time.
#   - Java side: `softcluster bench`, the same epoch through softcluster's real VadeTrainer (paper
#     preset, stage 3 only: no pre-training, no validation pass), one warm-up epoch then N timed;
#     also the 2048^3 GEMM rate through DJL (the practical ceiling), scoring throughput of a saved
#     and re-loaded model on the 10k test images and its share of that ceiling (score_gemm_fraction:
#     the scoring path's multiply-adds, trunk + branch head, per second over the GEMM rate; the target
#     is >= 0.8), and the peak RSS (VmHWM) of the training JVM.
#   Both report macs_per_sample (matmuls only, forward x 3 for forward + backward), so the epoch
#   times can also be read as achieved GMAC/s: macs_per_sample x 60000 / epoch seconds.
#   Not measured: pre-training, k-means initialisation, validation passes, data loading.
#
# Caveats
#   - The peer uses Debian's python3-torch (bookworm: 1.13.x, OpenBLAS), not the libtorch 2.7.1
#     (MKL) that DJL downloads; say which versions were compared when quoting a ratio.
#   - Threads: the peer uses torch.set_num_threads(os.cpu_count()); run nothing else meanwhile,
#     other load on the machine changes step times by several times.
#
# Usage
#   bench/run.sh [--epochs N] [--max-steps S] [--data DIR]
#     --epochs N      timed epochs after the warm-up (default 3)
#     --max-steps S   quick check: only S steps per epoch, epoch time extrapolated
#     --data DIR      MNIST IDX directory (default data/mnist; fetched with ./softcluster if absent)
#   Environment: PYTHON (default /usr/bin/python3, Debian's interpreter with python3-torch).
#   SOFTCLUSTER (default ./softcluster) runs the Java side, e.g. a fixed build for repeatable runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

epochs=3
max_steps=0
data="data/mnist"
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --max-steps) max_steps="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

py="${PYTHON:-/usr/bin/python3}"

# 1. Python with torch (Debian package python3-torch).
if ! "$py" -c 'import torch' 2>/dev/null; then
  echo "bench: $py has no torch; installing python3-torch with apt-get" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch; then
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
  fi
  "$py" -c 'import torch' || { echo "bench: torch still not importable by $py" >&2; exit 1; }
fi

# 2. MNIST.
if [ ! -e "$data/train-images-idx3-ubyte" ] && [ ! -e "$data/train-images-idx3-ubyte.gz" ]; then
  echo "bench: no MNIST in $data; fetching" >&2
  ./softcluster fetch mnist --dir "$data"
fi

echo "== machine"
echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "nproc=$(nproc)"
echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# 3. PyTorch peer.
echo "== pytorch peer"
peer_args=("$data" --epochs "$epochs")
if [ "$max_steps" -gt 0 ]; then peer_args+=(--max-steps "$max_steps"); fi
peer_out="$(mktemp)"
trap 'rm -f "$peer_out"' EXIT
"$py" "$here/pytorch_peer.py" "${peer_args[@]}" | tee "$peer_out"

# 4. Java side (the JVM is the training process whose peak RSS is reported).
echo "== softcluster (java)"
java_out="$(mktemp)"
trap 'rm -f "$peer_out" "$java_out"' EXIT
${SOFTCLUSTER:-./softcluster} bench --data "$data" --epochs "$epochs" | tee "$java_out"
# 5. Summary: the last line is the one the speed issue asks for.
echo "== result"
grep -E '^(torch_version|threads|macs_per_sample|pytorch_step_median_s|pytorch_epoch_extrapolated|pytorch_epoch_median_s)=' "$peer_out"
grep -E '^(java_step_median_s|java_epoch_median_s|train_gflops|gemm_gflops)=' "$java_out"
awk -F= '/^pytorch_epoch_median_s=/{p=$2} /^java_epoch_median_s=/{j=$2} /^gemm_fraction=/{g=$2} /^score_gemm_fraction=/{f=$2} /^score_per_s=/{s=$2} /^peak_rss_mb=/{m=$2}
  END{printf "ratio_java_over_pytorch=%.3f gemm_fraction=%s score_gemm_fraction=%s score_per_s=%s peak_rss_mb=%s\n", j/p, g, f, s, m}' "$peer_out" "$java_out"
