#!/usr/bin/env python3
"""null_tests_reference.py — the expected values of test/flow_null_tests.cpp,
computed independently with NumPy and SciPy (1.10) from the tiny sweep of
test/flow_support.h with its untrained twins (baseline_sweep() there). Not run
by the test suite: its output was pasted into the test as literals.

    /usr/bin/python3 test/null_tests_reference.py
"""
import math

import numpy as np
from scipy import stats

THRESHOLD = 0.9  # well-trained: test accuracy strictly above it (baseline none only)
# (index, data set, width, baseline, accuracy, g_0..g_5, Ric_0..Ric_5 at k = 5, disconnected layer)
MODELS = [
    (0, "a", 4, "none", 0.95, [100, 90, 85, 83, 82, 80], [4, 3, 2, 1, 0, -1], None),
    (1, "a", 4, "none", 0.92, [100, 104, 106, 107, 110, 111], [1, 2, 3, 5, 0, 2], None),
    (2, "a", 4, "none", 0.85, [50, 40, 45, 30, 20, 25], [0, 1, 0, 2, 2, 1], None),
    (4, "b", 8, "none", 0.99, [80, 70, 60, 55, 50, 42], [6, 4, 5, 3, 1, 2], None),
    (5, "b", 8, "none", 0.97, [80, 70, 60, 55, 50, 42], [1, 2, 3, 4, 5, 6], 2),
    (6, "b", 8, "none", 0.98, [10, 12, 14, 16, 18, 20], [3, 1, 4, 1, 5, 9], None),
    (7, "b", 16, "none", 0.93, [60, 50, 45, 44, 40, 38], [2, 2, 1, 3, 0, 1], None),
    (8, "a", 4, "untrained", 0.50, [100, 95, 93, 90, 91, 85], [1, 2, 4, 3, 5, 6], None),
    (9, "a", 4, "untrained", 0.48, [100, 101, 99, 98, 97, 96], [2, 1, 3, 2, 4, 1], None),
    (10, "a", 4, "untrained", 0.52, [50, 52, 47, 49, 44, 46], [0, 3, 1, 2, 0, 1], None),
    (12, "b", 8, "untrained", 0.50, [80, 81, 79, 82, 78, 83], [6, 5, 4, 3, 2, 1], None),
    (13, "b", 8, "untrained", 0.55, [80, 75, 72, 74, 70, 69], [1, 3, 2, 5, 4, 6], None),
    (14, "b", 8, "untrained", 0.45, [10, 11, 13, 12, 15, 14], [2, 7, 1, 8, 2, 8], None),
    (15, "b", 16, "untrained", 0.50, [60, 58, 57, 59, 55, 56], [3, 1, 2, 0, 4, 1], None),
]


def rho(model, k):
    """Eq. 8 over the hidden layers: Pearson of (g_{l+1} - g_l, Ric_l), l = 1..4; None when undefined."""
    _, _, _, _, _, g, ric, cut = model
    if cut is not None and cut >= 1:
        return None
    sign = 1 if k == 5 else -1
    x = [g[l + 1] - g[l] for l in range(1, 5)]
    y = [sign * ric[l] for l in range(1, 5)]
    if len(set(x)) == 1 or len(set(y)) == 1:
        return None
    return stats.pearsonr(x, y)[0]


def analysed(model):
    return model[4] > THRESHOLD if model[3] == "none" else True


def group_rho(members, k):
    return [rho(m, k) for m in members if analysed(m) and rho(m, k) is not None]


def null_test(trained, baseline, k):
    x, y = group_rho(trained, k), group_rho(baseline, k)
    p = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic").pvalue if x and y else None
    share = lambda v: sum(r < 0 for r in v) / len(v) if v else None
    return (len(x), len(y), share(x), share(y), np.mean(x) if x else None, np.mean(y) if y else None,
            np.mean(x) - np.mean(y) if x and y else None, p)


def members(dataset, width, baseline):
    return [m for m in MODELS if m[1] == dataset and (width is None or m[2] == width) and m[3] == baseline]


for k in (5, 9):
    for m in MODELS:
        print(f"k = {k} model {m[0]} rho {rho(m, k)!r}")
    for dataset, width in (("a", 4), ("b", 8), ("b", 16), ("a", None), ("b", None)):
        print(f"k = {k} {dataset}/{width}:",
              null_test(members(dataset, width, "none"), members(dataset, width, "untrained"), k))
    # Model-level inference over the trained (well-trained) models of each data set: z = arctanh(rho)
    # (L = 5 hidden layers, so sqrt(L - 4) = 1), its one-sample t-test, and the sign test.
    for dataset in ("a", "b"):
        v = group_rho(members(dataset, None, "none"), k)
        z = [math.atanh(r) for r in v]
        t = stats.ttest_1samp(z, 0.0) if len(z) >= 2 else None
        below = sum(r < 0 for r in v)
        print(f"k = {k} {dataset} model level: mean z {np.mean(z)!r} t {t}",
              f"sign {below} of {len(v)} p {stats.binomtest(below, len(v)).pvalue!r}")
