import sys, time, numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score as nmi
d = (sys.argv[2] if len(sys.argv) > 2 else "data/mnist").rstrip("/") + "/"
def images(name, n):
    raw = np.fromfile(d + name, dtype=np.uint8, offset=16).reshape(n, 784)
    return (raw.astype(np.float32) / np.float32(255)).astype(np.float64)  # the same floats as the Java run
def labels(name):
    return np.fromfile(d + name, dtype=np.uint8, offset=8)
Xtr, Xte = images("train-images-idx3-ubyte", 60000), images("t10k-images-idx3-ubyte", 10000)
ytr, yte = labels("train-labels-idx1-ubyte"), labels("t10k-labels-idx1-ubyte")
if sys.argv[1] == "java":
    p = np.loadtxt("sys.argv[3]", dtype=int)
    print("java test NMI", nmi(yte, p))
else:
    t0 = time.time()
    km = KMeans(n_clusters=10, n_init=10, random_state=0).fit(Xtr)
    print("sklearn fit %.1f s inertia %.6f n_iter %d" % (time.time() - t0, km.inertia_, km.n_iter_))
    print("sklearn train NMI", nmi(ytr, km.labels_), "test NMI", nmi(yte, km.predict(Xte)))
