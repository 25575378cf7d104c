#!/usr/bin/env python3
"""Summarises bench/suite.sh's compare runs: one markdown row per (set, method), mean +- sample std over seeds, and
whether the method (ervade, under `auto`) meets issue 15's bar: mean NMI >= (better of k-means and GMM) - 0.01 with all
K clusters used in every seed. Usage: suite_table.py OUT_DIR SET..."""
import csv
import json
import os
import statistics
import sys


def runs(out, name, method):
    base = os.path.join(out, name, "runs", method)
    for seed in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        d = os.path.join(base, seed)
        if not os.path.exists(os.path.join(d, "provenance.json")):
            continue
        m = json.load(open(os.path.join(d, "metrics.json")))
        p = json.load(open(os.path.join(d, "provenance.json")))
        sizes = {}
        with open(os.path.join(d, "assignments.csv")) as f:
            for row in csv.DictReader(f):
                sizes[row["cluster"]] = sizes.get(row["cluster"], 0) + 1
        n = sum(sizes.values())
        k = m["k"]
        used = sum(1 for s in sizes.values() if s >= max(1, 0.1 * n / k))
        secs = p.get("training", {}).get("train_seconds", p.get("fit_seconds"))
        yield dict(nmi=m["nmi"], ari=m["ari"], acc=m["acc"], entropy=m.get("entropy", 0.0), ece=m.get("ece", float("nan")),
                   used=used, k=k, seconds=secs)


def cell(values, fmt="%.3f"):
    if not values:
        return "—"
    if len(values) == 1:
        return fmt % values[0]
    return (fmt % statistics.mean(values)) + " ± " + (fmt % statistics.stdev(values))


def main(out, names):
    print("| set | method | NMI | ARI | ACC | H(γ) | ECE | clusters used | train s | seeds | bar met |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name in names:
        rows = {m: list(runs(out, name, m)) for m in ("kmeans", "gmm", "ervade")}
        best = max((statistics.mean([r["nmi"] for r in rows[m]]) for m in ("kmeans", "gmm") if rows[m]), default=float("nan"))
        for m in ("kmeans", "gmm", "ervade"):
            r = rows[m]
            if not r:
                continue
            verdict = ""
            if m == "ervade":
                mean = statistics.mean([x["nmi"] for x in r])
                full = all(x["used"] == x["k"] for x in r)
                verdict = ("yes" if mean >= best - 0.01 and full else "no") + " (bar %.3f)" % (best - 0.01)
            used = "/".join(str(x["used"]) for x in r) + " of %d" % r[0]["k"]
            secs = [x["seconds"] for x in r if isinstance(x["seconds"], (int, float))]
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |" % (
                name, "auto (ervade)" if m == "ervade" else m, cell([x["nmi"] for x in r]), cell([x["ari"] for x in r]),
                cell([x["acc"] for x in r]), cell([x["entropy"] for x in r]), cell([x["ece"] for x in r]), used,
                cell(secs, "%.0f"), len(r), verdict))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
