# Label-free reliability on MNIST (issue 19): for trained runs on MNIST (train 60k -> test 10k), how well do estimates made
# without labels track whether each test assignment is right, and would matching the mean confidence of gamma to an
# estimate's mean (a temperature on gamma, as `--softness auto` would) lower ECE? Labels only score. Estimates, each per
# test image: the share of its 10 nearest neighbours that share its cluster, in the model's latent space (mu, the
# encoder run here from model.npz) and in pixel space; and the mixture's own responsibility gamma* of the chosen
# cluster at mu (the model's posterior, which the branch gamma is fitted to).
#   OMP_NUM_THREADS=1 /usr/bin/python3 bench/reliability_mnist.py data/mnist RUN_DIR...   (numpy, scipy, scikit-learn)
import sys, csv, json, numpy as np
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from reliability_study import ece, matched_correct, temper, match
from sklearn.neighbors import NearestNeighbors
from sklearn.metrics import roc_auc_score

def idx(path):
    b = open(path, "rb").read()
    dims = b[3]; shape = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * dims).reshape(shape)

def encode(z, x):
    i = 0
    while f"enc.{i}.w" in z.files:
        x = np.maximum(0, x @ z[f"enc.{i}.w"].T + z[f"enc.{i}.b"]); i += 1
    return x @ z["head.mu.w"].T + z["head.mu.b"]

def gamma_star(z, mu):
    pi = np.exp(z["prior.logits"] - z["prior.logits"].max()); pi /= pi.sum()
    m, lv = z["prior.mu"], z["prior.logvar"]
    ll = -0.5 * (((mu[:, None, :] - m[None]) ** 2) / np.exp(lv)[None] + lv[None] + np.log(2 * np.pi)).sum(2) + np.log(pi)[None]
    ll -= ll.max(1, keepdims=True); p = np.exp(ll); return p / p.sum(1, keepdims=True)

data = sys.argv[1]
X = idx(f"{data}/t10k-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255
y = idx(f"{data}/t10k-labels-idx1-ubyte").astype(int)
_, pix_idx = NearestNeighbors(n_neighbors=11).fit(X).kneighbors(X)
print("| run | acc | conf(γ) | ECE(γ) | AUROC conf | latent kNN: mean / AUROC / ECE matched / softened only | pixel kNN: same | γ* at μ: same | min(γ*, latent kNN) per image (what `--softness auto` estimates): same |")
print("|---|---|---|---|---|---|---|---|---|")
for run in sys.argv[2:]:
    z = np.load(f"{run}/model.npz")
    r = list(csv.reader(open(f"{run}/assignments.csv"))); h = r[0]
    pc = [i for i, c in enumerate(h) if c.startswith("p_")]
    P = np.array([[float(v[i]) for i in pc] for v in r[1:]])
    pred = P.argmax(1); conf = P.max(1); corr = matched_correct(pred, y)
    auc = lambda s: roc_auc_score(corr, s)
    def cell(est):
        # matched: gamma's mean confidence set to the estimate's; softened only: never sharper than trained (tau >= 1)
        soft = ece(temper(P, match(P, min(est.mean(), conf.mean()))).max(1), corr)
        return f"{est.mean():.3f} / {auc(est):.3f} / {ece(temper(P, match(P, est.mean())).max(1), corr):.3f} / {soft:.3f}"
    mu = encode(z, X)
    _, lat_idx = NearestNeighbors(n_neighbors=11).fit(mu).kneighbors(mu)
    lat = (pred[lat_idx[:, 1:]] == pred[:, None]).mean(1)
    pix = (pred[pix_idx[:, 1:]] == pred[:, None]).mean(1)
    gs = gamma_star(z, mu)[np.arange(len(pred)), pred]
    print(f"| {run} | {corr.mean():.4f} | {conf.mean():.4f} | {ece(conf, corr):.4f} | {auc(conf):.3f} | {cell(lat)} | {cell(pix)} | {cell(gs)} | {cell(np.minimum(gs, lat))} |")
