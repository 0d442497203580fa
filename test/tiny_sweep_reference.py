#!/usr/bin/env python3
"""tiny_sweep_reference.py — the expected values of test/flow_groups.cpp and
test/flow_summary.cpp, computed independently with NumPy and SciPy from the
tiny sweep of test/flow_support.h (the table there). Not run by the test
suite: its output was pasted into the tests as literals.

    /usr/bin/python3 test/tiny_sweep_reference.py
"""
import math

import numpy as np
from scipy import stats

THRESHOLD = 0.9  # well-trained: test accuracy strictly above it
# (index, data set, width, accuracy, g_0..g_5, Ric_0..Ric_5 at k = 5, disconnected layer)
MODELS = [
    (0, "a", 4, 0.95, [100, 90, 85, 83, 82, 80], [4, 3, 2, 1, 0, -1], None),
    (1, "a", 4, 0.92, [100, 104, 106, 107, 110, 111], [1, 2, 3, 5, 0, 2], None),
    (2, "a", 4, 0.85, [50, 40, 45, 30, 20, 25], [0, 1, 0, 2, 2, 1], None),
    (4, "b", 8, 0.99, [80, 70, 60, 55, 50, 42], [6, 4, 5, 3, 1, 2], None),
    (5, "b", 8, 0.97, [80, 70, 60, 55, 50, 42], [1, 2, 3, 4, 5, 6], 2),
    (6, "b", 8, 0.98, [10, 12, 14, 16, 18, 20], [3, 1, 4, 1, 5, 9], None),
    (7, "b", 16, 0.93, [60, 50, 45, 44, 40, 38], [2, 2, 1, 3, 0, 1], None),
]


def pairs(model, k):
    """Eq. 8: (g_{l+1} - g_l, Ric_l), l = 1..L-1; None when a hidden layer is disconnected."""
    _, _, _, _, g, ric, cut = model
    if cut is not None and cut >= 1:
        return None
    sign = 1 if k == 5 else -1
    return [(g[l + 1] - g[l], sign * ric[l]) for l in range(1, len(g) - 1)]


def rho(model, k):
    p = pairs(model, k)
    if p is None:
        return None
    x, y = zip(*p)
    if len(set(x)) == 1 or len(set(y)) == 1:
        return None
    r, pv = stats.pearsonr(x, y)
    return r, pv, len(p)


def fisher(rhos):
    z = [math.atanh(r) * (n - 3) for r, _, n in rhos]
    w = sum(n - 3 for _, _, n in rhos)
    mean = sum(z) / w
    se = 1 / math.sqrt(w)
    return math.tanh(mean), 2 * stats.norm.sf(abs(mean / se))


def pooled(members, k):
    x, y = [], []
    for m in members:
        if m[3] > THRESHOLD and pairs(m, k) is not None:
            for a, b in pairs(m, k):
                x.append(a)
                y.append(b)
    r, p = stats.pearsonr(x, y)
    slope, intercept = np.polyfit(y, x, 1)
    return r, p, len(x), slope, intercept


for k in (5, 9):
    print(f"k = {k}")
    for m in MODELS:
        print("  model", m[0], "rho", rho(m, k))
for name, members in (("a/4", MODELS[0:3]), ("b/8", MODELS[3:6]), ("b/16", MODELS[6:7]),
                      ("a", MODELS[0:3]), ("b", MODELS[3:7])):
    for k in (5, 9):
        rhos = [rho(m, k) for m in members if m[3] > THRESHOLD and rho(m, k) is not None]
        trained = [(rho(m, k)[0], m[3]) for m in members if rho(m, k) is not None]
        acc = stats.pearsonr(*zip(*trained)) if len(trained) >= 3 else None
        print(name, k, "pooled", pooled(members, k), "fisher", fisher(rhos) if rhos else None,
              "median", np.median([r for r, _, _ in rhos]) if rhos else None,
              "rho~accuracy", acc, stats.spearmanr(*zip(*trained)) if len(trained) >= 3 else None)
    print(name, "mean accuracy", np.mean([m[3] for m in members]))
# rho against accuracy across architectures: pooled rho of each against its mean accuracy
for k in (5, 9):
    xs = [pooled(ms, k)[0] for ms in (MODELS[0:3], MODELS[3:6], MODELS[6:7])]
    ys = [np.mean([m[3] for m in ms]) for ms in (MODELS[0:3], MODELS[3:6], MODELS[6:7])]
    print("architectures", k, stats.pearsonr(xs, ys))
# the change into layer l (g_l - g_{l-1}) and Ric_l by layer, over a's well-trained models at k = 5
for l in range(6):
    eta = [m[4][l] - m[4][l - 1] for m in MODELS[0:2]] if l > 0 else []
    ric = [m[5][l] for m in MODELS[0:2]]
    print("layer", l, "eta quartiles", np.percentile(eta, [25, 50, 75]) if eta else None,
          "Ric quartiles", np.percentile(ric, [25, 50, 75]))
