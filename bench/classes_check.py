#!/usr/bin/env python3
"""classes_check.py — the class structure of `ricci analyze --export-graph`
over any number of classes, recomputed with networkx from the exported
graphs (DIR, the graphs/ folder of the analysis) and compared with
ricciflow's layers.csv (LAYERS).

For each edges_k<k>_layer<l>.csv in DIR, with the labels of its
nodes_k<k>_layer<l>.csv (C classes, whatever C):
  - modularity: networkx's community.modularity of the partition by label;
  - normalized_cut: 1/2 sum over classes c of cut_size(c) / volume(c)
    (networkx's cuts; for two classes Hehl et al.'s value, docs/method.md,
    definition 8);
  - between_class_edges: the share of edges whose ends differ in label;
  - curvature_within / curvature_between: the mean exported curvature of
    the edges inside a class / across classes.
Prints one line per graph with the classes, edges and the largest absolute
difference from layers.csv over those five columns, and exits 1 if any
difference passes 1e-12.

Needs networkx and numpy.

    python3 bench/classes_check.py ANALYSIS/graphs --layers ANALYSIS/layers.csv
"""
import argparse
import csv
import os
import re
import sys

import networkx as nx
import numpy as np


def read_table(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--layers", required=True, help="ricciflow's layers.csv")
    args = parser.parse_args()
    ours = {(row["k"], row["layer"]): row for row in read_table(args.layers)}
    names = sorted((f for f in os.listdir(args.dir) if f.startswith("edges_")),
                   key=lambda f: [int(x) for x in re.findall(r"\d+", f)])
    worst_overall = 0.0
    for name in names:
        k, layer = re.match(r"edges_k(\d+)_layer(\d+)\.csv$", name).groups()
        rows = read_table(os.path.join(args.dir, name))
        edges = [(int(r["i"]), int(r["j"])) for r in rows]
        curvature = np.array([float(r["curvature"]) for r in rows])
        nodes = read_table(os.path.join(args.dir, name.replace("edges_", "nodes_")))
        label = [r["label"] for r in nodes]
        graph = nx.Graph()
        graph.add_nodes_from(range(len(nodes)))
        graph.add_edges_from(edges)
        names_of_classes = sorted(set(label), key=int)
        classes = [{i for i in range(len(nodes)) if label[i] == c} for c in names_of_classes]
        across = np.array([label[i] != label[j] for i, j in edges])
        theirs = {
            "modularity": nx.community.modularity(graph, classes),
            "normalized_cut": 0.5 * sum(nx.cut_size(graph, c) / nx.volume(graph, c) for c in classes),
            "between_class_edges": across.mean(),
            "curvature_within": curvature[~across].mean(),
            "curvature_between": curvature[across].mean(),
        }
        mine = ours[(k, layer)]
        worst = max(abs(value - float(mine[column])) for column, value in theirs.items())
        worst_overall = max(worst_overall, worst)
        print(f"k={k} layer={layer} classes={len(classes)} edges={len(edges)} "
              f"modularity={theirs['modularity']:.6f} largest_difference={worst:.3g}")
    sys.exit(0 if worst_overall <= 1e-12 else 1)


if __name__ == "__main__":
    main()
