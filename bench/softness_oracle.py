# The oracle column of issue 19: how far is `--softness auto` (a temperature chosen without labels) from the best
# temperature found WITH labels? For every `ervade` run of a bench/suite.sh output (compare's runs/ervade/seed=S), γ as
# trained is recovered from γ as written (assignments.csv) and the calibration τ in metrics.json (γ_used = softmax(ln γ_trained / τ)),
# then ECE (15 bins, clusters matched to classes by Hungarian, as SoftMetrics) is scored for: γ as trained (fixed
# softness, η 0.05), γ under `--softness auto`, and γ at the oracle temperature (the τ on a log grid 0.2 … 20 with the
# lowest ECE, chosen on the scored objects themselves, so it is a lower bound no label-free rule can beat).
#   /usr/bin/python3 bench/softness_oracle.py SUITE_OUT_DIR set...     (numpy, scipy: python3-sklearn)
import sys, glob, json, numpy as np
from reliability_study import load_set, load_gamma, ece, matched_correct, temper

def main():
    root = sys.argv[1]; sets = sys.argv[2:]
    print("| set | ECE as trained (η 0.05, fixed) | ECE `--softness auto` | ECE oracle temperature | τ auto per seed | τ oracle per seed |")
    print("|---|---:|---:|---:|---|---|")
    for name in sets:
        _, y = load_set(name, root)
        rows = []
        for run in sorted(glob.glob(f"{root}/{name}/runs/ervade/seed=*")):
            used = load_gamma(run)
            tau = json.load(open(f"{run}/metrics.json")).get("softness_calibration") or 1.0
            trained = temper(used, 1.0 / tau)
            corr = matched_correct(trained.argmax(1), y)
            grid = np.exp(np.linspace(np.log(0.2), np.log(20), 241))
            eces = [ece(temper(trained, t).max(1), corr) for t in grid]
            best = int(np.argmin(eces))
            rows.append((ece(trained.max(1), corr), ece(used.max(1), corr), eces[best], tau, grid[best]))
        a = np.array(rows)
        ms = lambda j: f"{a[:, j].mean():.3f} ± {a[:, j].std(ddof=1):.3f}"
        print(f"| {name} | {ms(0)} | {ms(1)} | {ms(2)} | {' / '.join(f'{v:.2f}' for v in a[:, 3])} | {' / '.join(f'{v:.2f}' for v in a[:, 4])} |")

if __name__ == "__main__":
    main()
