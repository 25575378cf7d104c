# Label-free reliability study (issue 19): does a per-object estimate made without labels track correctness, and does
# matching the mean confidence of gamma to the estimate's mean (by a temperature on gamma) lower ECE? Labels are used
# only to score. Reads the run directories of bench/suite.sh (assignments.csv of every `ervade` seed) and the suite's
# data; estimates: the share of an object's 10 nearest neighbours that share its cluster, in the standardised feature
# space (one-hot text, mean/mode-filled cells) and in the model's latent space (numeric tables: the encoder run here
# from model.npz), and the share of the other seeds' runs (clusters matched to this run's by Hungarian) that agree.
#   /usr/bin/python3 bench/reliability_study.py SUITE_OUT_DIR set...      (numpy, scipy, scikit-learn: python3-sklearn)
import sys, csv, glob, os, numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.neighbors import NearestNeighbors
from sklearn.metrics import roc_auc_score

def load_set(name, root):
    d = f"{root}/data"
    if name in ("wine", "iris"):
        rows = list(csv.reader(open(f"{d}/{'wine_data' if name=='wine' else 'iris'}.csv")))[1:]
        y = np.array([r[-1] for r in rows]); cols = [[r[j] for r in rows] for j in range(len(rows[0]) - 1)]
    else:
        rows = list(csv.reader(open(f"{d}/{name}.csv")))
        h = rows[0]; rows = rows[1:]; li = h.index("label")
        y = np.array([r[li] for r in rows]); cols = [[r[j] for r in rows] for j in range(len(h)) if j != li]
    parts = []
    for c in cols:
        try:
            v = np.array([float(x) if x not in ("", "NA") else np.nan for x in c])
            v[np.isnan(v)] = np.nanmean(v); parts.append(v[:, None])
        except ValueError:
            vals = [x for x in c if x not in ("", "NA")]
            mode = max(set(vals), key=vals.count)
            c = [x if x not in ("", "NA") else mode for x in c]
            cats = sorted(set(c)); parts.append(np.array([[x == k for k in cats] for x in c], float))
    X = np.hstack(parts)
    sd = X.std(0); sd[sd == 0] = 1
    return (X - X.mean(0)) / sd, y

def load_gamma(run):
    """γ as written by a run: the p_0..p_{K-1} columns of its assignments.csv, one row per object."""
    r = list(csv.reader(open(f"{run}/assignments.csv"))); h = r[0]
    pc = [i for i, c in enumerate(h) if c.startswith("p_")]
    return np.array([[float(x[i]) for i in pc] for x in r[1:]])

def ece(conf, correct, bins=15):
    e = 0; n = len(conf)
    edges = np.linspace(0, 1, bins + 1)
    for i in range(bins):
        m = (conf > edges[i]) & (conf <= edges[i + 1]) if i else (conf >= 0) & (conf <= edges[1])
        if m.any(): e += m.sum() / n * abs(conf[m].mean() - correct[m].mean())
    return e

def matched_correct(pred, y):
    ks, ys = np.unique(pred), np.unique(y)
    C = np.zeros((max(pred.max() + 1, len(ks)), len(ys)))
    yi = {v: i for i, v in enumerate(ys)}
    for p, t in zip(pred, y): C[p, yi[t]] += 1
    r, c = linear_sum_assignment(-C)
    mp = {a: ys[b] for a, b in zip(r, c)}
    return np.array([mp.get(p, None) == t for p, t in zip(pred, y)], float)

def temper(P, tau):
    L = np.log(np.clip(P, 1e-30, 1)) / tau
    L -= L.max(1, keepdims=True); E = np.exp(L); return E / E.sum(1, keepdims=True)

def match(P, target):
    lo, hi = np.log(0.05), np.log(50)
    for _ in range(60):
        mid = (lo + hi) / 2
        if temper(P, np.exp(mid)).max(1).mean() > target: lo = mid
        else: hi = mid
    return np.exp((lo + hi) / 2)

def codes(run, X_raw_rows):
    import json
    m = json.load(open(f"{run}/model.json")); z = np.load(f"{run}/model.npz")
    sc = m["scaler"]
    x = X_raw_rows
    if sc.get("method") == "standardize":
        x = (x - np.array(sc["offsets"])) / np.array(sc["scales"])
    i = 0
    while f"enc.{i}.w" in z.files:
        x = np.maximum(0, x @ z[f"enc.{i}.w"].T + z[f"enc.{i}.b"]); i += 1
    return x @ z["head.mu.w"].T + z["head.mu.b"]

def raw_numeric(name, root):
    d = f"{root}/data"
    if name in ("wine", "iris"):
        rows = list(csv.reader(open(f"{d}/{'wine_data' if name=='wine' else 'iris'}.csv")))[1:]
        return np.array([[float(v) for v in r[:-1]] for r in rows])
    rows = list(csv.reader(open(f"{d}/{name}.csv"))); h = rows[0]; li = h.index("label")
    return np.array([[float(v) for j, v in enumerate(r) if j != li] for r in rows[1:]])

def align(ref, other, k):
    C = np.zeros((k, k))
    for a, b in zip(other, ref): C[a, b] += 1
    r, c = linear_sum_assignment(-C)
    mp = dict(zip(r, c)); return np.array([mp[a] for a in other])

def main():
    root = sys.argv[1]; sets = sys.argv[2:]
    print("| set | seed | acc | conf(γ) | ECE(γ) | AUROC conf | feature kNN: mean / AUROC / ECE matched / softened only | latent kNN: same | other seeds agree: same |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in sets:
        X, y = load_set(name, root)
        runs = sorted(glob.glob(f"{root}/{name}/runs/ervade/seed=*"))
        Ps = [load_gamma(run) for run in runs]
        try:
            raw = raw_numeric(name, root)
        except ValueError:
            raw = None
        for si, run in enumerate(runs):
            P = Ps[si]; K = P.shape[1]
            pred = P.argmax(1); conf = P.max(1)
            corr = matched_correct(pred, y)
            def auc(s):
                return roc_auc_score(corr, s) if 0 < corr.mean() < 1 else float('nan')
            def knn_agree(Z):
                _, idx = NearestNeighbors(n_neighbors=11).fit(Z).kneighbors(Z)
                return (pred[idx[:, 1:]] == pred[:, None]).mean(1)
            def cell(est):
                if est is None: return "—"
                tau = match(P, est.mean())
                soft = ece(temper(P, match(P, min(est.mean(), conf.mean()))).max(1), corr)   # never sharper than trained
                return f"{est.mean():.3f} / {auc(est):.3f} / {ece(temper(P, tau).max(1), corr):.3f} / {soft:.3f}"
            feat = knn_agree(X)
            lat = knn_agree(codes(run, raw)) if raw is not None else None
            others = [align(pred, Ps[j].argmax(1), K) for j in range(len(runs)) if j != si]
            seeds = np.mean([o == pred for o in others], 0) if others else None
            print(f"| {name} | {run[-1]} | {corr.mean():.3f} | {conf.mean():.3f} | {ece(conf, corr):.3f} | {auc(conf):.3f} | {cell(feat)} | {cell(lat)} | {cell(seeds)} |")


if __name__ == "__main__":
    main()
