#!/usr/bin/env python3
"""graph_peer.py — the peers of `ricci analyze --curvature ollivier
--export-graph`: POT's exact transport, edge by edge, the way
GraphRicciCurvature computes Ollivier-Ricci curvature, and networkx's
modularity and normalized cut, on the graphs ricciflow exported (DIR, the
graphs/ folder of the analysis).

For each edges_k<k>_layer<l>.csv in DIR (with nodes_k<k>_layer<l>.csv):
  1. exact Ollivier-Ricci curvature of every edge {i, j}: all-pairs hop
     distances (scipy.sparse.csgraph.dijkstra, unweighted, as
     GraphRicciCurvature precomputes them), the distributions
     ((1 - alpha)/deg on each neighbour, then alpha on the node itself),
     the cost matrix of their supports, and 1 - ot.emd2(x, y, d); compared
     with the exported curvature (the largest difference is reported);
  2. with labels in the node file: networkx's community.modularity of the
     partition by label and 0.5 * cuts.normalized_cut_size (Hehl et al.'s
     normalized cut), compared with layers.csv's modularity and
     normalized_cut (LAYERS, ricciflow's layers.csv).

Prints one JSON line: per layer the seconds of the hop distances and of the
transport loop, the edges, and the largest differences. Only the transport
(the hop distances and the loop) is timed; reading the files is not.

Needs numpy, scipy, POT and networkx (Debian: python3-pot, python3-networkx).

    python3 bench/graph_peer.py DIR --layers LAYERS.csv [--alpha 0] [--k 30]
"""
import argparse
import csv
import json
import os
import re
import sys
import time

import numpy as np

try:
    import networkx as nx
    import ot
    import scipy.sparse as sparse
    from scipy.sparse.csgraph import dijkstra
except ImportError:
    print("graph_peer.py: skipped: POT, networkx or SciPy is missing (apt-get install python3-pot python3-networkx)",
          file=sys.stderr)
    sys.exit(3)


def read_table(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def ollivier_by_pot(edges, n, alpha):
    """Per edge 1 - W1 by ot.emd2, as GraphRicciCurvature does; returns the
    values and the seconds of the distances and of the loop."""
    i = np.array([e[0] for e in edges]), np.array([e[1] for e in edges])
    a = sparse.csr_matrix((np.ones(2 * len(edges)), (np.concatenate(i), np.concatenate(i[::-1]))), shape=(n, n))
    start = time.perf_counter()
    apsp = dijkstra(a, directed=False, unweighted=True)
    distances = time.perf_counter() - start
    start = time.perf_counter()
    values = []
    for u, v in edges:
        nu = a.indices[a.indptr[u]:a.indptr[u + 1]]
        nv = a.indices[a.indptr[v]:a.indptr[v + 1]]
        x = np.append(np.full(len(nu), (1.0 - alpha) / len(nu)), alpha)
        y = np.append(np.full(len(nv), (1.0 - alpha) / len(nv)), alpha)
        d = apsp[np.ix_(np.append(nu, u), np.append(nv, v))]
        values.append(1.0 - ot.emd2(x, y, d))
    return np.array(values), distances, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--layers", required=True, help="ricciflow's layers.csv")
    parser.add_argument("--alpha", type=float, default=0.0)
    args = parser.parse_args()

    ours = {(row["k"], row["layer"]): row for row in read_table(args.layers)}
    result = []
    names = sorted((f for f in os.listdir(args.dir) if f.startswith("edges_")),
                   key=lambda f: [int(x) for x in re.findall(r"\d+", f)])
    for name in names:
        k, layer = re.match(r"edges_k(\d+)_layer(\d+)\.csv$", name).groups()
        edges = [(int(r["i"]), int(r["j"])) for r in read_table(os.path.join(args.dir, name))]
        exported = np.array([float(r["curvature"]) for r in read_table(os.path.join(args.dir, name))])
        nodes = read_table(os.path.join(args.dir, name.replace("edges_", "nodes_")))
        values, distances, loop = ollivier_by_pot(edges, len(nodes), args.alpha)
        row = {"k": int(k), "layer": int(layer), "edges": len(edges), "distance_seconds": distances,
               "loop_seconds": loop, "largest_difference": float(np.max(np.abs(values - exported)))}
        if nodes and nodes[0]["label"] != "":
            graph = nx.Graph()
            graph.add_nodes_from(range(len(nodes)))
            graph.add_edges_from(edges)
            labels = sorted({r["label"] for r in nodes})
            classes = [[int(r["i"]) for r in nodes if r["label"] == c] for c in labels]
            mine = ours[(k, layer)]
            row["modularity_difference"] = abs(nx.community.modularity(graph, classes) - float(mine["modularity"]))
            if len(classes) == 2:
                ncut = 0.5 * nx.algorithms.cuts.normalized_cut_size(graph, classes[0], classes[1])
                row["normalized_cut_difference"] = abs(ncut - float(mine["normalized_cut"]))
        result.append(row)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
