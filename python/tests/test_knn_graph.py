"""ricciflow.knn_graph: the edges of a brute-force k-NN graph, and the
curvature `ricci analyze --export-graph` writes for the same graph."""

import os
import unittest

import numpy

import ricciflow
from python.tests.support import CliTestCase, cli_analyze, read_csv, relu_layers


def brute_force_edges(x, k, mutual=False):
    """{(i, j), i < j} of the union (or mutual) k-NN graph, from all distances
    (points in general position: no ties)."""
    distances = ((x[:, None, :].astype(numpy.float64) - x[None, :, :]) ** 2).sum(axis=2)
    numpy.fill_diagonal(distances, numpy.inf)
    nearest = numpy.argsort(distances, axis=1, kind="stable")[:, :k]
    arcs = {(i, int(j)) for i in range(len(x)) for j in nearest[i]}
    if mutual:
        return {(i, j) for (i, j) in arcs if i < j and (j, i) in arcs}
    return {(min(i, j), max(i, j)) for (i, j) in arcs}


class KnnGraph(CliTestCase):

    def test_edges_are_the_brute_force_graph(self):
        x = numpy.random.default_rng(31).normal(size=(50, 4)).astype(numpy.float32)
        for mutual in (False, True):
            g = ricciflow.knn_graph(x, 6, graph="mutual" if mutual else "union", curvature=None)
            self.assertEqual(sorted(g), ["i", "j"])
            edges = list(zip(g["i"].tolist(), g["j"].tolist()))
            self.assertEqual(edges, sorted(brute_force_edges(x, 6, mutual)))

    def test_forman_curvature_by_hand(self):
        # F(i, j) = 4 - deg(i) - deg(j) (docs/method.md, definition 3).
        x = numpy.random.default_rng(32).normal(size=(40, 3)).astype(numpy.float32)
        g = ricciflow.knn_graph(x, 5)
        degree = numpy.bincount(numpy.concatenate([g["i"], g["j"]]), minlength=40)
        numpy.testing.assert_array_equal(g["curvature"], 4.0 - degree[g["i"]] - degree[g["j"]])

    def test_curvatures_are_the_graph_export(self):
        layers = relu_layers(n=40, seed=33)
        for curvature, extra in (("forman", []), ("augmented-forman", []), ("approx-ollivier", []),
                                 ("ollivier", ["--ollivier-alpha", "0.5"])):
            alpha = 0.5 if extra else 0.0
            out = cli_analyze(self, layers, ["--k", "7", "--export-graph", "--curvature", curvature] + extra)
            for l in (0, 2):
                header, rows = read_csv(os.path.join(out, "graphs", "edges_k7_layer%d.csv" % l))
                self.assertEqual(header, ["i", "j", "curvature"])
                g = ricciflow.knn_graph(layers[l], 7, curvature=curvature, ollivier_alpha=alpha)
                self.assertEqual(g["i"].tolist(), [int(row[0]) for row in rows])
                self.assertEqual(g["j"].tolist(), [int(row[1]) for row in rows])
                self.assertEqual(g["curvature"].tolist(), [float(row[2]) for row in rows], curvature)

    def test_radius_graph(self):
        x = numpy.random.default_rng(34).normal(size=(30, 2)).astype(numpy.float32)
        g = ricciflow.knn_graph(x, graph="radius:0.8", curvature=None)
        d = numpy.sqrt(((x[:, None, :].astype(numpy.float64) - x[None, :, :]) ** 2).sum(axis=2))
        expected = [(i, j) for i in range(30) for j in range(i + 1, 30) if d[i, j] <= 0.8]
        self.assertEqual(list(zip(g["i"].tolist(), g["j"].tolist())), expected)

    def test_errors(self):
        x = numpy.zeros((10, 2), dtype=numpy.float32) + numpy.arange(10, dtype=numpy.float32)[:, None]
        with self.assertRaisesRegex(ValueError, "^k: "):
            ricciflow.knn_graph(x, 10)
        with self.assertRaisesRegex(ValueError, "^k: expected the number of neighbours"):
            ricciflow.knn_graph(x)
        with self.assertRaisesRegex(ValueError, "^curvature: "):
            ricciflow.knn_graph(x, 3, curvature="ricci")


if __name__ == "__main__":
    unittest.main()
