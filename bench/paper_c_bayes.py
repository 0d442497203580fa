#!/usr/bin/env python3
"""paper_c_bayes.py — the best possible accuracy on paper-c, the paper's data
set C (two planar sheets crossing along the y axis; data/sets/shapes.h), by
the Bayes rule on 2 million points drawn in NumPy from the same model.

Class 0 lies on (u cos a, y, u sin a), class 1 on (u cos a, y, -u sin a),
a = angle / 2, u and y uniform in [-1, 1], plus isotropic Gaussian noise s.
y carries no information. In the (x, z) plane, with along_c and across_c
the coordinates of a point along and across sheet c, the density of class
c is phi(across_c / s) (Phi((1 - along_c) / s) - Phi((-1 - along_c) / s)) up
to a factor both classes share; the Bayes rule picks the larger. Prints its
accuracy for the defaults (angle 45 degrees, noise 0.05) and a few others.

    /usr/bin/python3 bench/paper_c_bayes.py
"""
import numpy as np
from scipy.stats import norm


def bayes_accuracy(angle_degrees, noise, points=2_000_000, seed=0):
    half = np.radians(angle_degrees) / 2
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, points)
    u = rng.uniform(-1, 1, points)
    x = u * np.cos(half) + noise * rng.standard_normal(points)
    z = np.where(label == 0, 1, -1) * u * np.sin(half) + noise * rng.standard_normal(points)

    def density(sign):
        along = x * np.cos(half) + sign * z * np.sin(half)
        across = -sign * x * np.sin(half) + z * np.cos(half)
        return norm.pdf(across / noise) * (norm.cdf((1 - along) / noise) - norm.cdf((-1 - along) / noise))

    choice = (density(-1) > density(1)).astype(int)
    return (choice == label).mean()


if __name__ == "__main__":
    print(f"defaults (angle 45, noise 0.05): {bayes_accuracy(45, 0.05):.4f}")
    for angle, noise in ((45, 0.03), (45, 0.08), (60, 0.05), (90, 0.05)):
        print(f"angle {angle}, noise {noise}: {bayes_accuracy(angle, noise):.4f}")
