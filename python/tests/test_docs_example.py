"""docs/python.md's worked example prints what the reader gets: its numbers
come from the layers shipped in test/fixtures/rings_layers.npz (training
itself differs by CPU), and the command line gives the same tables for
that file."""

import os
import re
import shutil
import tempfile
import unittest

import numpy

import ricciflow
from python.tests.support import CliTestCase, assert_table_equal, run_ricci

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIXTURE = os.path.join(ROOT, "test", "fixtures", "rings_layers.npz")
LABELS = numpy.arange(1000) % 2  # the example's labels


def printed_block():
    """The lines docs/python.md says the example prints, less the accuracy
    (which is the reader's own training's)."""
    with open(os.path.join(ROOT, "docs", "python.md")) as file:
        text = file.read()
    found = re.search(r"It prints, with the layers of `test/fixtures/rings_layers.npz`.*?\n```\n(.*?)```", text,
                      re.DOTALL)
    lines = found.group(1).splitlines()
    assert lines[0].startswith("accuracy "), lines[0]
    return lines[1:]


class WorkedExample(CliTestCase):

    def setUp(self):
        super().setUp()
        self.layers = list(numpy.load(FIXTURE).values())

    def test_the_fixture_is_the_example_s_layers(self):
        self.assertEqual([layer.shape for layer in self.layers], [(1000, 2)] + [(1000, 20)] * 4)
        self.assertTrue(all(layer.dtype == numpy.float32 for layer in self.layers))

    def test_the_command_line_gives_the_same_tables(self):
        folder = tempfile.mkdtemp(prefix="ricciflow-test-")
        self.addCleanup(shutil.rmtree, folder)
        labels, out = os.path.join(folder, "labels.npy"), os.path.join(folder, "out")
        numpy.save(labels, LABELS)
        code, stderr = run_ricci(["analyze", "--layers", FIXTURE, "--k", "20,50,100", "--labels", labels,
                                  "--out", out, "--quiet"])
        self.assertEqual(code, 0, stderr)
        result = ricciflow.analyze(self.layers, k=[20, 50, 100], labels=LABELS)
        for table in ("layers", "coefficients"):
            assert_table_equal(self, result[table], os.path.join(out, table + ".csv"))

    def test_the_printed_numbers(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed")
        frames = ricciflow.analyze(self.layers, k=[20, 50, 100], labels=LABELS, as_frame=True)
        printed = str(frames["coefficients"][["k", "rho", "p_value", "pairs", "reason"]]).splitlines()
        printed += str(frames["layers"].query("k == 50")[
            ["layer", "components", "geodesic_sum", "eta", "curvature_total", "modularity"]]).splitlines()
        g = ricciflow.knn_graph(self.layers[2], 10, curvature="ollivier")
        nodes = len(set(g["i"].tolist()) | set(g["j"].tolist()))  # what networkx counts
        printed.append("%d %d %s" % (nodes, len(g["i"]), round(sum(g["curvature"]), 3)))
        self.assertEqual([line.rstrip() for line in printed], [line.rstrip() for line in printed_block()])


if __name__ == "__main__":
    unittest.main()
