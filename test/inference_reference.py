#!/usr/bin/env python3
"""inference_reference.py — the expected values of test/flow_inference.cpp,
computed with SciPy (1.10): Mann-Whitney U (asymptotic, tie and continuity
corrections), the exact binomial sign test and the one-sample t-test. Not run
by the test suite: its output was pasted into the test as literals.

    /usr/bin/python3 test/inference_reference.py
"""
from scipy import stats

MANN_WHITNEY = [
    ([1, 2, 2, 4], [2, 3, 5]),                       # worked by hand in the test
    ([0.5, -0.2, 0.1], [0.3, 0.9, 0.4, 0.8]),       # no ties
    ([-0.8, -0.8, -0.5, -0.1, 0.2, 0.2], [-0.8, 0.2, 0.2, 0.4, 0.7]),  # ties across the samples
    ([1.0], [2.0]),                                  # one value each
    ([3, 3, 3], [3, 3]),                             # every value tied
    ([float(i % 7) / 7 - 0.4 for i in range(23)], [float(i % 5) / 5 - 0.1 for i in range(31)]),
]
SIGN = [(2, 10), (0, 5), (5, 10), (40, 100), (1, 1), (700, 1500)]
T = [[1, 2, 3, 4, -1], [-0.3, -0.1, -0.25, 0.05], [0.2, 0.2001]]

for x, y in MANN_WHITNEY:
    r = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic")
    print(f"mann-whitney U_x = {r.statistic!r}, p = {r.pvalue!r}")
for k, n in SIGN:
    print(f"sign {k} of {n}: p = {stats.binomtest(k, n, 0.5).pvalue!r}")
for v in T:
    r = stats.ttest_1samp(v, 0.0)
    print(f"t {v}: t = {r.statistic!r}, p = {r.pvalue!r}")
