#!/usr/bin/env python3
"""paper_r_check.py — ricciflow's paper-r convention against the authors' R
code run in R itself (bench/paper_r_code.R, igraph), on trained networks.

Trains SEEDS networks with `ricci train` (linked tori, 1,000 test points,
width 25, depth 5), writes their layers as CSV (every float32 value printed
exactly), and runs bench/paper_r_check.R on them at each k; compares, per
model, k and hidden layer, the arcs, Forman-Ricci totals and geodesic
changes with `ricci analyze --convention paper-r`, and the pooled
coefficient with the groups.csv of the same models swept by
`ricci sweep --convention paper-r`.

    /usr/bin/python3 bench/paper_r_check.py [--seeds 6] [--k 6,10,30]

Needs NumPy and Rscript with the igraph package (r-cran-igraph). Prints
the comparison and exits 1 if anything differs.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RICCI = os.path.join(ROOT, "build", "ricci")
DATA = ["--datasets", "linked-tori:n=2000", "--test-fraction", "0.5"]
MODEL = ["--depth", "5", "--epochs", "30"]


def run(command):
    process = subprocess.run(command, capture_output=True, text=True)
    if process.returncode != 0:
        sys.exit(f"paper_r_check.py: {' '.join(command[:2])} failed: {process.stderr.strip()}")
    return process.stdout


def cell_number(cell):
    return float("nan") if cell == "" else float(cell)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--k", default="6,10,30")
    parser.add_argument("--threshold", default="0.98")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="ricci-paper-r-")
    manifest = [("dir", "accuracy")]
    for seed in range(1, args.seeds + 1):
        out = os.path.join(scratch, f"model{seed}")
        run([RICCI, "train", "--data", DATA[1], "--test-fraction", "0.5", "--width", "25"] + MODEL +
            ["--seed", str(seed), "--quiet", "--out", out])
        layer = 0
        while os.path.exists(os.path.join(out, f"layer_{layer}.npy")):
            values = np.load(os.path.join(out, f"layer_{layer}.npy")).astype(np.float64)
            np.savetxt(os.path.join(out, f"layer_{layer}.csv"), values, fmt="%.17g", delimiter=",")
            layer += 1
        run([RICCI, "analyze", out, "--k", args.k, "--convention", "paper-r", "--quiet", "--out", os.path.join(out, "r")])
        manifest.append((out, json.load(open(os.path.join(out, "metrics.json")))["test_accuracy"]))
    with open(os.path.join(scratch, "manifest.csv"), "w", newline="") as f:
        csv.writer(f).writerows(manifest)
    sweep = os.path.join(scratch, "sweep")
    run([RICCI, "sweep"] + DATA + ["--widths", "25", "--depths", "5", "--epochs", "30", "--seeds",
                                   ",".join(str(s) for s in range(1, args.seeds + 1)), "--k", args.k,
                                   "--convention", "paper-r", "--accuracy-threshold", args.threshold, "--quiet",
                                   "--out", sweep])
    r_output = run(["Rscript", os.path.join(ROOT, "bench", "paper_r_check.R"), os.path.join(scratch, "manifest.csv"),
                    args.k, args.threshold])

    differences = 0
    checked = 0
    models = list(csv.DictReader(open(os.path.join(sweep, "models.csv"))))
    for (directory, accuracy), model in zip(manifest[1:], models):
        if float(model["test_accuracy"]) != accuracy:
            print(f"DIFFERENT: the sweep's model {model['model']} is not the trained one")
            differences += 1
    groups = {int(g["k"]): g for g in csv.DictReader(open(os.path.join(sweep, "groups.csv")))}
    for line in r_output.splitlines():
        words = line.split()
        if words[0] == "model":
            m, k = int(words[1]), int(words[3])
            hidden = (len(words) - 6) // 3
            arcs = [int(w) for w in words[5:5 + hidden]]
            forman = [int(float(w)) for w in words[6 + hidden:6 + 2 * hidden]]
            eta = [float(w) for w in words[7 + 2 * hidden:7 + 3 * hidden]]
            rows = [r for r in csv.DictReader(open(os.path.join(manifest[m + 1][0], "r", "layers.csv")))
                    if int(r["k"]) == k and int(r["layer"]) >= 1]
            for l, row in enumerate(rows):
                checked += 1
                if (int(row["edges"]) != arcs[l] or int(row["forman_total"]) != forman[l] or
                        not same(cell_number(row["eta"]), eta[l])):
                    differences += 1
                    print(f"DIFFERENT: model {m}, k {k}, layer {l + 1}: ricci {row['edges']} {row['forman_total']} "
                          f"{row['eta']}; R {arcs[l]} {forman[l]} {eta[l]}")
        elif words[0] == "pooled" and words[3] == "none:":
            g = groups[int(words[2])]
            agree = g["pooled_rho"] == "" and g["models_used"] == "0"
            differences += not agree
            print(f"k = {words[2]}: the R code stops, every model removed; ricci: {g['models_used']} models used, "
                  f"pooled rho undefined ({g['reason']}): {'agrees' if agree else 'DIFFERENT'}")
        elif words[0] == "pooled":
            k, rho, p, n, removed = int(words[2]), float(words[4]), float(words[6]), int(words[8]), int(words[10])
            g = groups[k]
            ours = cell_number(g["pooled_rho"])
            agree = abs(ours - rho) <= 1e-12 * max(1, abs(rho)) and int(g["pooled_pairs"]) == n
            differences += not agree
            print(f"k = {k}: pooled rho, R {rho:.15f} (p {p:.3g}, {n} pairs, {removed} models removed); "
                  f"ricci {ours:.15f} (p {float(g['pooled_p_value']):.3g}, {g['pooled_pairs']} pairs, "
                  f"{g['models_used']} models used): {'equal' if agree else 'DIFFERENT'}")
    print(f"{checked} layer rows (arcs, Forman total, geodesic change) compared: "
          f"{'all equal' if differences == 0 else f'{differences} differences'}")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
