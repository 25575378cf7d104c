"""A generated table for the Spark scoring benchmark (issue 18): N rows of D numeric columns in K Gaussian blobs.

Columns: id (r0, r1, ...), x0..x{D-1} (5 significant digits), group (the blob, for metrics only).
Usage: python3 bench/spark_table.py OUT.csv [N] [D] [K] [SEED]
"""
import sys

import numpy as np


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    d = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 4, size=(k, d))
    scales = rng.uniform(0.5, 2.0, size=(k, d))
    group = rng.integers(0, k, size=n)
    x = centres[group] + scales[group] * rng.normal(size=(n, d))
    with open(out, "w") as f:
        f.write("id," + ",".join(f"x{j}" for j in range(d)) + ",group\n")
        chunk = 100_000
        for start in range(0, n, chunk):
            rows = []
            for i in range(start, min(n, start + chunk)):
                rows.append("r%d,%s,g%d" % (i, ",".join("%.5g" % v for v in x[i]), group[i]))
            f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
