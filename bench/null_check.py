#!/usr/bin/env python3
"""null_check.py — a sweep's tests against its baselines recomputed with SciPy
from models.csv and sweep.json, and compared with what ricciflow wrote:
null_tests.csv (every row, its p-value against
scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic"))
and the model-level columns of groups.csv (the mean of z with
scipy.stats.ttest_1samp, the sign test with scipy.stats.binomtest).

Independent of ricciflow's code: the groups are formed here from models.csv
(trained: baseline none, status ok, test accuracy strictly above the data
set's threshold, rho_k defined; baseline: status ok, rho_k defined), and
z = arctanh(rho) / sqrt(depth - 4) (Eq. 11).

    /usr/bin/python3 bench/null_check.py SWEEP_DIR

Prints what it checked and exits 1 if anything disagrees.
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


def close(a, b, tolerance):
    if a == "" or b is None:
        return a == "" and b is None
    a = float(a)
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tolerance * max(1.0, abs(b))


def check(directory):
    settings = json.load(open(os.path.join(directory, "sweep.json")))["analysis"]
    thresholds = dict(item.rsplit("=", 1) for item in settings.get("dataset_thresholds", []))
    models = rows(os.path.join(directory, "models.csv"))
    failures = []

    def threshold(dataset):
        return float(thresholds.get(dataset, settings["accuracy_threshold"]))

    def rhos(dataset, width, depth, baseline, k):
        out = []
        for m in models:
            if (m["dataset"], m["baseline"]) != (dataset, baseline) or m["status"] != "ok":
                continue
            if width is not None and (m["width"], m["depth"]) != (width, depth):
                continue
            if baseline == "none" and not float(m["test_accuracy"]) > threshold(dataset):
                continue
            if m[f"rho_k{k}"] != "":
                out.append((float(m[f"rho_k{k}"]), int(m["depth"])))
        return out

    tests = rows(os.path.join(directory, "null_tests.csv"))
    expected = {(m["dataset"], m["width"], m["depth"], str(k), b) for m in models if m["baseline"] == "none"
                for k in settings["k"] for b in {x["baseline"] for x in models} - {"none"}}
    written = {(t["dataset"], t["width"], t["depth"], t["k"], t["baseline"]) for t in tests}
    if written != expected:
        failures.append(f"null_tests.csv rows: {sorted(written ^ expected)} differ")
    worst = 0.0
    for t in tests:
        x = [r for r, _ in rhos(t["dataset"], t["width"], t["depth"], "none", t["k"])]
        y = [r for r, _ in rhos(t["dataset"], t["width"], t["depth"], t["baseline"], t["k"])]
        p = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic").pvalue if x and y else None
        mine = {
            "trained_models": (t["trained_models"], float(len(x))),
            "baseline_models": (t["baseline_models"], float(len(y))),
            "trained_share_negative": (t["trained_share_negative"], np.mean([r < 0 for r in x]) if x else None),
            "baseline_share_negative": (t["baseline_share_negative"], np.mean([r < 0 for r in y]) if y else None),
            "trained_mean_rho": (t["trained_mean_rho"], np.mean(x) if x else None),
            "baseline_mean_rho": (t["baseline_mean_rho"], np.mean(y) if y else None),
            "difference": (t["difference"], np.mean(x) - np.mean(y) if x and y else None),
            "p_value": (t["p_value"], p),
        }
        for column, (written_value, value) in mine.items():
            if not close(written_value, value, 1e-12):
                failures.append(f"null_tests.csv {t['dataset']} {t['width']} {t['depth']} k={t['k']} "
                                f"{t['baseline']} {column}: {written_value} against {value}")
        if p is not None and t["p_value"] != "":
            worst = max(worst, abs(float(t["p_value"]) - p) / max(p, 1e-300))
        if x and y and not float(t["ci_low"]) <= float(t["difference"]) <= float(t["ci_high"]):
            failures.append(f"null_tests.csv {t}: the interval does not hold the difference")
    print(f"null_tests.csv: {len(tests)} rows checked; largest relative difference of p from SciPy: {worst:.2e}")

    groups = rows(os.path.join(directory, "groups.csv"))
    for g in groups:
        v = rhos(g["dataset"], g["width"], g["depth"], g["baseline"], g["k"])
        z = [math.atanh(r) / math.sqrt(d - 4) for r, d in v if d > 4 and abs(r) < 1]
        t = stats.ttest_1samp(z, 0.0) if len(z) >= 2 else None
        below, above = sum(r < 0 for r, _ in v), sum(r > 0 for r, _ in v)
        sign = stats.binomtest(below, below + above).pvalue if below + above else None
        mine = {
            "z_models": float(len(z)), "mean_z": np.mean(z) if z else None,
            "z_t": t.statistic if t and np.isfinite(t.statistic) else None,
            "z_p_value": t.pvalue if t and np.isfinite(t.statistic) else None,
            "rho_models": float(below + above), "rho_negative": float(below), "sign_p_value": sign,
        }
        for column, value in mine.items():
            if not close(g[column], value, 1e-9):
                failures.append(f"groups.csv {g['dataset']} {g['width']} {g['depth']} {g['baseline']} "
                                f"k={g['k']} {column}: {g[column]} against {value}")
    print(f"groups.csv: {len(groups)} rows' model-level columns checked")
    return failures


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    failures = check(sys.argv[1])
    for f in failures:
        print("DISAGREES:", f)
    print("agrees" if not failures else f"{len(failures)} disagreements")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
