#!/usr/bin/env python3
"""Writes the generated tables of the generalisation suite (bench/suite.sh) as CSV files with a `label` column.

Each set is made from a fixed seed, so the suite's data is the same on every machine:
  aniso        3 blobs sheared by a linear map (k-means' spherical assumption fails), 2 features
  varied       3 blobs with standard deviations 1.0, 2.5 and 0.5, 2 features
  imbalanced   3 clusters of 1000, 300 and 100 objects (1:10), 6 features
  noise        4 clusters in 5 informative features + 50 pure-noise features
  mixed        3 clusters: 4 numeric + 2 categorical (text) columns, 5 % of the cells missing
  constant     4 blobs in 6 features + 3 constant columns
Usage: make_suite_data.py OUT_DIR
"""
import csv
import os
import sys

import numpy as np
from sklearn.datasets import make_blobs


def write(path, x, y, names=None, cat=None):
    names = names or [f"f{j}" for j in range(x.shape[1])]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        header = list(names) + ([c[0] for c in cat] if cat else []) + ["label"]
        w.writerow(header)
        for i in range(x.shape[0]):
            row = ["" if np.isnan(v) else f"{v:.6g}" for v in x[i]]
            if cat:
                row += [c[1][i] for c in cat]
            w.writerow(row + [int(y[i])])


def main(out):
    os.makedirs(out, exist_ok=True)
    # anisotropic: scikit-learn's clustering-comparison example
    x, y = make_blobs(n_samples=1500, random_state=170)
    x = x @ np.array([[0.6, -0.6], [-0.4, 0.8]])
    write(os.path.join(out, "aniso.csv"), x, y)
    # unequal variances
    x, y = make_blobs(n_samples=1500, cluster_std=[1.0, 2.5, 0.5], random_state=170)
    write(os.path.join(out, "varied.csv"), x, y)
    # imbalanced 1:10
    x, y = make_blobs(n_samples=[1000, 300, 100], n_features=6, cluster_std=1.5, random_state=3)
    write(os.path.join(out, "imbalanced.csv"), x, y)
    # 5 informative + 50 noise features
    rng = np.random.default_rng(5)
    xi, y = make_blobs(n_samples=2000, n_features=5, centers=4, cluster_std=1.0, center_box=(-5, 5), random_state=5)
    x = np.hstack([xi, rng.normal(0, 1, size=(2000, 50))])
    write(os.path.join(out, "noise.csv"), x, y)
    # mixed numeric + categorical, with missing cells
    rng = np.random.default_rng(7)
    xn, y = make_blobs(n_samples=1200, n_features=4, centers=3, cluster_std=1.6, random_state=7)
    colours = np.array(["red", "green", "blue", "grey"])
    sizes = np.array(["S", "M", "L"])
    pc = np.array([[0.6, 0.2, 0.1, 0.1], [0.1, 0.6, 0.2, 0.1], [0.1, 0.1, 0.2, 0.6]])
    ps = np.array([[0.7, 0.2, 0.1], [0.2, 0.6, 0.2], [0.1, 0.2, 0.7]])
    colour = np.array([colours[rng.choice(4, p=pc[k])] for k in y], dtype=object)
    size = np.array([sizes[rng.choice(3, p=ps[k])] for k in y], dtype=object)
    miss = rng.random(xn.shape) < 0.05
    xn[miss] = np.nan
    colour[rng.random(len(y)) < 0.05] = ""
    size[rng.random(len(y)) < 0.05] = ""
    write(os.path.join(out, "mixed.csv"), xn, y, cat=[("colour", colour), ("size", size)])
    # constant columns
    x, y = make_blobs(n_samples=1000, n_features=6, centers=4, cluster_std=1.5, random_state=11)
    x = np.hstack([x, np.full((1000, 1), 3.0), np.zeros((1000, 1)), np.full((1000, 1), -1.5)])
    write(os.path.join(out, "constant.csv"), x, y)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/suite-data")
