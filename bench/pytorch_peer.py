#!/usr/bin/env python3
"""PyTorch speed peer of softcluster's stage-3 training step (entropy-regularised VaDE on MNIST).

Mirrors neural/src/main/java/org/softcluster/neural/vade/{VadeNetwork,Objective,VadeTrainer}.java
and neural/.../{Adam,GradientClipping}.java for the paper preset (method ERVADE, coupling DISTILL
reverse, Gaussian likelihood with fixed variance 1):

  network   encoder 784 -> 500 -> 500 -> 2000 (ReLU); heads mu, log sigma^2 (2000 -> 10) and the
            assignment branch f (2000 -> 10), ln gamma = log_softmax(f / T), T = 0.3;
            decoder 10 -> 2000 -> 500 -> 500 -> 784 (ReLU, linear output);
            GMM prior: logits (10), mu_k (10 x 10), log sigma^2_k (10 x 10).
  loss      batch means of: recon = 1/2 sum_j (x - m)^2 + 1/2 D ln 2 pi at z = mu + eps exp(1/2 lv);
            KL_k in closed form; L_KL = -logsumexp_k(ln pi_k - KL_k); ln gamma* = ln pi - KL - lse;
            negEntropy = sum gamma ln gamma; distill = sum gamma (ln gamma - stopgrad ln gamma*);
            total = recon + beta L_KL + distill + eta negEntropy, beta = 20, eta = 0.05.
  optimiser torch.optim.Adam(lr 1e-4, eps 1e-8) over all parameters (prior included),
            clip_grad_norm_(max 5.0) every step, batch 256, reshuffled every epoch, the 60k
            training images as one float32 CPU tensor, batches taken by index.

Like the Java trainer, every step reads the five loss terms and the gradient norm back as
numbers and checks that they are finite (one synchronisation per step; on CPU it costs nothing
measurable). Not timed: data loading, model construction, and anything outside the training
steps (the Java epoch also runs a validation pass; compare step times, or subtract it there).

Timing: one warm-up epoch, then N timed epochs (default 3); each epoch is the shuffle plus all
ceil(60000 / 256) = 235 steps. --max-steps S runs only S steps per epoch; the epoch time is
then EXTRAPOLATED as median step time x steps per epoch, and the output says so.

Output (key=value lines, the last one being pytorch_epoch_median_s=...):
  torch_version, threads, macs_per_sample, per-epoch times, pytorch_step_median_s,
  pytorch_epoch_median_s.
"""
import argparse
import gzip
import math
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

D = 784
HIDDEN = (500, 500, 2000)
LATENT = 10
K = 10
T = 0.3
BETA = 20.0
ETA = 0.05
LR = 1e-4
ADAM_EPS = 1e-8
CLIP = 5.0
BATCH = 256


def read_idx_images(directory):
    """The MNIST training images as an N x 784 float32 tensor with pixels / 255 (raw or .gz IDX)."""
    base = os.path.join(directory, "train-images-idx3-ubyte")
    if os.path.isfile(base):
        with open(base, "rb") as f:
            data = f.read()
    elif os.path.isfile(base + ".gz"):
        with gzip.open(base + ".gz", "rb") as f:
            data = f.read()
    else:
        sys.exit("pytorch_peer: no %s[.gz] (run ./softcluster fetch mnist)" % base)
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 2051:
        sys.exit("pytorch_peer: %s: not an IDX image file (magic %d)" % (base, magic))
    pixels = np.frombuffer(data, dtype=np.uint8, count=n * rows * cols, offset=16)
    x = pixels.reshape(n, rows * cols).astype(np.float32) / np.float32(255)
    return torch.from_numpy(x).contiguous()


def linear(n_in, n_out):
    """Xavier-uniform weight (bound sqrt(6 / (in + out)), as Params.putLinear), zero bias."""
    layer = nn.Linear(n_in, n_out)
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


class ErVade(nn.Module):
    def __init__(self):
        super().__init__()
        widths = [D] + list(HIDDEN)
        self.enc = nn.ModuleList(linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.head_mu = linear(HIDDEN[-1], LATENT)
        self.head_logvar = linear(HIDDEN[-1], LATENT)
        self.head_gamma = linear(HIDDEN[-1], K)
        dec_widths = [LATENT] + list(reversed(HIDDEN))
        self.dec = nn.ModuleList(linear(a, b) for a, b in zip(dec_widths[:-1], dec_widths[1:]))
        self.dec_out = linear(HIDDEN[0], D)
        # Prior: no pre-training / k-means here (timing only): pi uniform, mu_k ~ N(0, 1), sigma^2_k = 1.
        self.prior_logits = nn.Parameter(torch.zeros(K))
        self.prior_mu = nn.Parameter(torch.randn(K, LATENT))
        self.prior_logvar = nn.Parameter(torch.zeros(K, LATENT))

    def linear_layers(self):
        return list(self.enc) + [self.head_mu, self.head_logvar, self.head_gamma] + list(self.dec) + [self.dec_out]

    def encode(self, x):
        h = x
        for layer in self.enc:
            h = F.relu(layer(h))
        mu = self.head_mu(h)
        logvar = self.head_logvar(h)
        log_gamma = F.log_softmax(self.head_gamma(h) / T, dim=1)
        return mu, logvar, log_gamma

    def decode(self, z):
        h = z
        for layer in self.dec:
            h = F.relu(layer(h))
        return self.dec_out(h)


def objective(model, x, eps):
    """Objective.evaluate for ERVADE / DISTILL (reverse) / Gaussian fixed variance; returns the 5 terms."""
    mu, logvar, log_gamma = model.encode(x)
    z = mu + eps * torch.exp(0.5 * logvar)
    out = model.decode(z)
    recon = (0.5 * ((x - out).square().sum(1) + D * math.log(2 * math.pi))).mean()

    log_pi = F.log_softmax(model.prior_logits, dim=0)
    mz, lz = mu.unsqueeze(1), logvar.unsqueeze(1)                                  # B x 1 x d
    mk, lk = model.prior_mu.unsqueeze(0), model.prior_logvar.unsqueeze(0)          # 1 x K x d
    inv_var_k = torch.exp(-lk)
    kl_k = 0.5 * (lk - lz - 1 + torch.exp(lz) * inv_var_k + (mz - mk).square() * inv_var_k).sum(2)  # B x K
    a = log_pi.unsqueeze(0) - kl_k
    lse = torch.logsumexp(a, dim=1)
    log_gamma_star = a - lse.unsqueeze(1)

    gamma = log_gamma.exp()
    neg_entropy = (gamma * log_gamma).sum(1).mean()
    kl = (-lse).mean()
    couple = (gamma * (log_gamma - log_gamma_star.detach())).sum(1).mean()
    total = recon + BETA * kl + couple + ETA * neg_entropy
    return recon, kl, neg_entropy, couple, total


def macs_per_sample(model):
    """Multiply-adds per training sample, matmuls only: forward = sum of in x out over all linear
    layers; backward counted as 2 x forward (input gradient + weight gradient), so the total is
    3 x forward. Not counted: biases, activations, softmaxes, the B x K x d KL terms, the loss and
    Adam/clipping (all elementwise, O(params) or O(B K d)). The first layer's input gradient is
    not actually needed (x has no gradient); the 2x convention counts it anyway."""
    forward = sum(l.in_features * l.out_features for l in model.linear_layers())
    return forward, 3 * forward


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default="data/mnist", help="directory with the MNIST IDX files (default data/mnist)")
    ap.add_argument("--epochs", type=int, default=3, help="timed epochs after the warm-up epoch (default 3)")
    ap.add_argument("--max-steps", type=int, default=0, metavar="S",
                    help="time only S steps per epoch and extrapolate the epoch time (quick check)")
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="torch threads (default os.cpu_count())")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.epochs < 1:
        ap.error("--epochs must be >= 1")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_all = read_idx_images(args.data)
    n = x_all.shape[0]
    steps_per_epoch = (n + BATCH - 1) // BATCH
    steps = steps_per_epoch if args.max_steps <= 0 else min(args.max_steps, steps_per_epoch)
    extrapolated = steps < steps_per_epoch

    model = ErVade()
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=LR, eps=ADAM_EPS)
    fwd, total_macs = macs_per_sample(model)

    print("torch_version=%s" % torch.__version__)
    print("threads=%d" % torch.get_num_threads())
    print("cpu_count=%d" % os.cpu_count())
    print("data=%s n=%d dim=%d batch=%d steps_per_epoch=%d" % (args.data, n, x_all.shape[1], BATCH, steps_per_epoch))
    print("params=%d" % sum(p.numel() for p in params))
    if extrapolated:
        print("NOTE: --max-steps %d: only %d of %d steps per epoch are run; epoch times below are "
              "EXTRAPOLATED as median step time x %d" % (args.max_steps, steps, steps_per_epoch, steps_per_epoch))

    step_times = []
    epoch_times = []
    for epoch in range(args.epochs + 1):
        warm = epoch == 0
        t_epoch = time.perf_counter()
        perm = torch.randperm(n)
        this_epoch = []
        for b in range(steps):
            t0 = time.perf_counter()
            xb = x_all[perm[b * BATCH:(b + 1) * BATCH]]
            eps = torch.randn(xb.shape[0], LATENT)
            terms = objective(model, xb, eps)
            opt.zero_grad(set_to_none=True)
            terms[-1].backward()
            values = torch.stack(terms).tolist()
            if not all(math.isfinite(v) for v in values):
                sys.exit("pytorch_peer: non-finite loss terms %s in epoch %d, step %d" % (values, epoch, b + 1))
            norm = float(torch.nn.utils.clip_grad_norm_(params, CLIP))
            if not math.isfinite(norm):
                sys.exit("pytorch_peer: non-finite gradient norm in epoch %d, step %d" % (epoch, b + 1))
            opt.step()
            this_epoch.append(time.perf_counter() - t0)
        wall = time.perf_counter() - t_epoch
        med = statistics.median(this_epoch)
        label = "warmup" if warm else "epoch %d" % epoch
        if extrapolated:
            est = med * steps_per_epoch
            print("%s: %d steps in %.3f s, step median %.4f s, extrapolated epoch %.1f s, total loss %.2f"
                  % (label, steps, wall, med, est, values[-1]))
        else:
            est = wall
            print("%s: %.2f s (%d steps, step median %.4f s), total loss %.2f" % (label, wall, steps, med, values[-1]))
        if not warm:
            step_times.extend(this_epoch)
            epoch_times.append(est)

    step_median = statistics.median(step_times)
    print("# macs: matmuls only, forward %d per sample, x 3 for forward + backward (backward = 2 x forward)" % fwd)
    print("macs_per_sample=%d" % total_macs)
    print("gmacs_per_epoch=%.1f" % (total_macs * n / 1e9))
    print("pytorch_step_median_s=%.6f" % step_median)
    if extrapolated:
        print("# epoch time EXTRAPOLATED: median step time x %d steps" % steps_per_epoch)
        print("pytorch_epoch_extrapolated=true")
    print("pytorch_epoch_median_s=%.3f" % statistics.median(epoch_times))


if __name__ == "__main__":
    main()
