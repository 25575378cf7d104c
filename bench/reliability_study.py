# Label-free reliability study (issue 19): does a per-object estimate made without labels track correctness, and does
# matching the mean confidence of gamma to the estimate's mean (by a temperature on gamma) lower ECE? Labels are used
# only to score. Reads the run directories of bench/suite.sh (assignments.csv of every `ervade` seed) and the suite's
# data; estimate: the share of an object's 10 nearest neighbours in the standardised feature space (one-hot text,
# mean/mode-filled cells) that share its cluster.
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

root = sys.argv[1]; sets = sys.argv[2:]
print("| set | seed | acc | conf(γ) | ECE(γ) | kNN-agree mean | AUROC conf | AUROC agree | τ | ECE matched |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in sets:
    X, y = load_set(name, root)
    for run in sorted(glob.glob(f"{root}/{name}/runs/ervade/seed=*")):
        r = list(csv.reader(open(f"{run}/assignments.csv"))); h = r[0]
        pc = [i for i, c in enumerate(h) if c.startswith("p_")]
        P = np.array([[float(x[i]) for i in pc] for x in r[1:]])
        pred = P.argmax(1); conf = P.max(1)
        corr = matched_correct(pred, y)
        k = 10
        nn = NearestNeighbors(n_neighbors=k + 1).fit(X)
        _, idx = nn.kneighbors(X)
        agree = (pred[idx[:, 1:]] == pred[:, None]).mean(1)
        tau = match(P, agree.mean())
        Pt = temper(P, tau)
        def auc(s):
            return roc_auc_score(corr, s) if 0 < corr.mean() < 1 else float('nan')
        print(f"| {name} | {run[-1]} | {corr.mean():.3f} | {conf.mean():.3f} | {ece(conf, corr):.3f} | {agree.mean():.3f} | {auc(conf):.3f} | {auc(agree):.3f} | {tau:.2f} | {ece(Pt.max(1), corr):.3f} |")
