#!/usr/bin/env python3
"""protocol_check.py — the paper's protocol recomputed in NumPy from a sweep's
groups.csv, models.csv and sweep.json, and compared with what ricciflow wrote
(best_k.csv, models.csv's best_k, rho_best and z_best, regression.csv).

Independent of ricciflow's code: best k by a scan of groups.csv (most
negative pooled rho, ties to the smaller k), z = arctanh(rho) / sqrt(L - 4)
from models.csv's rho column at that k, and the regression of test accuracy
on z + data set + width + depth (treatment coding, levels in order of
appearance) by numpy.linalg.lstsq, with t tests from SciPy.

    /usr/bin/python3 bench/protocol_check.py SWEEP_DIR

Prints one line per check and exits 1 if any disagrees.
"""
import csv
import json
import math
import os
import sys

import numpy as np
from scipy import stats


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def number(cell):
    return float("nan") if cell == "" else float(cell)


def close(a, b, tolerance):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tolerance * max(1.0, abs(b))


def check(directory):
    settings = json.load(open(os.path.join(directory, "sweep.json")))["analysis"]
    # "NAME=A" items, as --accuracy-threshold takes them
    thresholds = {name: float(a) for name, a in (item.rsplit("=", 1) for item in settings.get("dataset_thresholds", []))}
    groups = rows(os.path.join(directory, "groups.csv"))
    models = rows(os.path.join(directory, "models.csv"))
    written_best = rows(os.path.join(directory, "best_k.csv"))
    written_regression = rows(os.path.join(directory, "regression.csv"))
    n = int(rows(os.path.join(directory, "layers.csv"))[0]["nodes"])
    failures = []

    # Groups per architecture and baseline (sweeps made before baselines have no baseline column: none).
    best = {}
    for g in groups:
        key = (g["dataset"], g["width"], g["depth"], g.get("baseline", "none"))
        if g["pooled_rho"] == "":
            best.setdefault(key, None)
            continue
        candidate = (float(g["pooled_rho"]), int(g["k"]), g)
        if best.get(key) is None or candidate[:2] < best[key][:2]:
            best[key] = candidate
    for w in written_best:
        key = (w["dataset"], w["width"], w["depth"], w.get("baseline", "none"))
        mine = best.get(key)
        if mine is None:
            ok = w["best_k"] == ""
        else:
            ok = (int(w["best_k"]) == mine[1] and float(w["pooled_rho"]) == mine[0] and
                  close(float(w["k_fraction"]), mine[1] / n, 1e-15) and w["models_used"] == mine[2]["models_used"])
        if not ok:
            failures.append(f"best_k.csv {key}: {w} against {mine[:2] if mine else None}")
    print(f"best_k.csv: {len(written_best)} architectures checked")

    used = []
    for m in models:
        key = (m["dataset"], m["width"], m["depth"], m.get("baseline", "none"))
        threshold = thresholds.get(m["dataset"], settings["accuracy_threshold"])
        # Baseline models are never well-trained; the regression is over trained models.
        well = key[3] == "none" and m["status"] == "ok" and float(m["test_accuracy"]) > threshold
        if (m["well_trained"] == "1") != well:
            failures.append(f"models.csv model {m['model']}: well_trained {m['well_trained']}")
        k = best[key][1] if best.get(key) else None
        rho = number(m[f"rho_k{k}"]) if k else float("nan")
        depth = int(m["depth"])
        z = math.atanh(rho) / math.sqrt(depth - 4) if depth > 4 and abs(rho) < 1 else float("nan")
        if not (close(number(m["rho_best"]), rho, 0) and close(number(m["z_best"]), z, 1e-12)):
            failures.append(f"models.csv model {m['model']}: rho_best {m['rho_best']}, z_best {m['z_best']} against {rho}, {z}")
        if well and not math.isnan(z):
            used.append((m, z))
    print(f"models.csv: {len(models)} models checked, {len(used)} well-trained with z defined")

    names, columns = ["(Intercept)", "z"], [np.ones(len(used)), np.array([z for _, z in used])]
    for factor in ("dataset", "width", "depth"):
        levels = list(dict.fromkeys(m[factor] for m, _ in used))
        for level in levels[1:]:
            names.append(f"{factor}={level}")
            columns.append(np.array([1.0 if m[factor] == level else 0.0 for m, _ in used]))
    x = np.column_stack(columns)
    y = np.array([float(m["test_accuracy"]) for m, _ in used])
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    if rank == x.shape[1] and len(used) > rank:
        df = len(used) - rank
        residual = y - x @ beta
        s2 = residual @ residual / df
        se = np.sqrt(np.diag(s2 * np.linalg.inv(x.T @ x)))
        t = beta / se
        p = 2 * stats.t.sf(np.abs(t), df)
        for j, w in enumerate(written_regression):
            ok = (w["term"] == names[j] and close(float(w["estimate"]), beta[j], 1e-8) and
                  close(float(w["std_error"]), se[j], 1e-7) and close(float(w["t"]), t[j], 1e-7) and
                  close(float(w["p_value"]), p[j], 1e-6))
            if not ok:
                failures.append(f"regression.csv {w} against {names[j]} {beta[j]} {se[j]} {t[j]} {p[j]}")
        z_row = names.index("z")
        print(f"regression.csv: {len(names)} terms checked over {len(used)} models; "
              f"z: t = {t[z_row]:.3f}, p = {p[z_row]:.3g}")
    else:
        print(f"regression.csv: not checked (rank {rank} of {x.shape[1]} columns, {len(used)} models)")
    for failure in failures:
        print("DIFFERENT:", failure)
    return not failures


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: protocol_check.py SWEEP_DIR")
    sys.exit(0 if check(sys.argv[1]) else 1)
