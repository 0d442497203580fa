#!/usr/bin/env python3
"""analysis_peer.py — the analysis peer: what a researcher runs without
ricciflow, with scikit-learn and SciPy, on the very layer files ricciflow
reads.

For each layer file (n x d_l .npy) and each k: kneighbors_graph(X, k,
mode='connectivity', include_self=False) made undirected by union
(A.maximum(A.T)); its connected components; the geodesic sum g as the sum
over i < j of scipy.sparse.csgraph.shortest_path(A, unweighted=True,
directed=False) (an n x n matrix, as the papers' scripts do; 'inf' when the
graph is disconnected); the Forman-Ricci total 4|E| - sum_i deg(i)^2; and
rho_k, the Pearson correlation of (g_{l+1} - g_l, Ric_l) over the hidden
layers l = 1..L-1 (the paper's Eq. 8; the first file is the input).
Writes the rows in the column order of ricciflow's layers.csv and
coefficients.csv, and prints the seconds as one JSON line.

Needs numpy, scipy and scikit-learn (Debian: python3-sklearn). scikit-learn
breaks exact distance ties its own way; on data without duplicate points
the graphs are the same.

    python3 bench/analysis_peer.py --k 30 --out DIR layer_0.npy layer_1.npy ...
"""
import argparse
import json
import os
import sys
import time

import numpy as np

try:
    import scipy.sparse.csgraph as csgraph
    from sklearn.neighbors import kneighbors_graph
except ImportError:
    print("analysis_peer.py: skipped: scikit-learn or SciPy is missing (apt-get install python3-sklearn)", file=sys.stderr)
    sys.exit(3)


def layer_row(x, k, jobs):
    a = kneighbors_graph(x, k, mode="connectivity", include_self=False, n_jobs=jobs)
    a = a.maximum(a.T).tocsr()
    edges = a.nnz // 2
    components, _ = csgraph.connected_components(a, directed=False)
    if components == 1:
        d = csgraph.shortest_path(a, unweighted=True, directed=False)
        g = int(np.triu(d, 1).sum(dtype=np.float64))
    else:
        g = None
    degree = np.asarray(a.sum(axis=1)).ravel().astype(np.int64)
    forman = int(4 * edges - np.sum(degree * degree))
    return {"nodes": x.shape[0], "edges": edges, "components": components, "geodesic_sum": g, "forman_total": forman}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("layers", nargs="+")
    parser.add_argument("--k", default="30")
    parser.add_argument("--out", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    ks = [int(k) for k in args.k.split(",")]
    layers = [np.load(path).astype(np.float32) for path in args.layers]
    start = time.perf_counter()
    rows, coefficients = [], []
    for k in ks:
        per_layer = [layer_row(x, k, args.jobs) for x in layers]
        eta, ric = [], []
        for l, row in enumerate(per_layer):
            previous = per_layer[l - 1] if l > 0 else None
            defined = previous is not None and row["geodesic_sum"] is not None and previous["geodesic_sum"] is not None
            row["eta"] = row["geodesic_sum"] - previous["geodesic_sum"] if defined else None
            if defined and l >= 2:  # Eq. 8: (g_{l+1} - g_l, Ric_l) over the hidden layers l >= 1
                eta.append(row["eta"])
                ric.append(previous["forman_total"])
            rows.append((k, l, row))
        connected = all(r["geodesic_sum"] is not None for r in per_layer[1:])
        rho = float(np.corrcoef(eta, ric)[0, 1]) if connected and len(eta) >= 3 else None
        coefficients.append((k, rho, len(eta) if connected else 0))
    seconds = time.perf_counter() - start

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "layers.csv"), "w") as f:
        f.write("k,layer,nodes,edges,components,geodesic_sum,forman_total,eta\n")
        for k, l, r in rows:
            g = "inf" if r["geodesic_sum"] is None else r["geodesic_sum"]
            eta = "" if r["eta"] is None else r["eta"]
            f.write(f"{k},{l},{r['nodes']},{r['edges']},{r['components']},{g},{r['forman_total']},{eta}\n")
    with open(os.path.join(args.out, "coefficients.csv"), "w") as f:
        f.write("k,rho,pairs\n")
        for k, rho, pairs in coefficients:
            f.write(f"{k},{'' if rho is None else repr(rho)},{pairs}\n")
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
