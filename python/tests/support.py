"""What the tests of the Python module share: seeded ReLU layers, the command
line run on the same arrays, and its CSV files read back."""

import csv
import math
import os
import subprocess
import tempfile
import unittest

import numpy

RICCI = os.environ.get("RICCI_BINARY", "build/ricci")


def relu_layers(n=60, widths=(3, 8, 8, 6), seed=1, dtype=numpy.float32):
    """An input of n points (widths[0] features), then one ReLU layer per
    further width, from random weights: a layer sequence like a trained MLP's."""
    generator = numpy.random.default_rng(seed)
    x = generator.normal(size=(n, widths[0])).astype(numpy.float32)
    layers = [x]
    for width in widths[1:]:
        w = generator.normal(size=(layers[-1].shape[1], width)).astype(numpy.float32)
        layers.append(numpy.maximum(layers[-1] @ w, 0).astype(numpy.float32))
    return [layer.astype(dtype) for layer in layers]


def run_ricci(arguments):
    """`ricci ARGUMENTS`: (exit code, stderr)."""
    done = subprocess.run([RICCI] + arguments, capture_output=True, text=True)
    return done.returncode, done.stderr


def save_layers(test, layers):
    """(folder, paths): the arrays as layer_<l>.npy in a temporary folder,
    removed when the test ends."""
    folder = tempfile.mkdtemp(prefix="ricciflow-test-")
    test.addCleanup(lambda: subprocess.run(["rm", "-rf", folder]))
    paths = []
    for l, layer in enumerate(layers):
        paths.append(os.path.join(folder, "layer_%d.npy" % l))
        numpy.save(paths[-1], layer)
    return folder, paths


def cli_analyze(test, layers, arguments, labels=None):
    """The folder of `ricci analyze --layers` on these arrays (saved as NPY)."""
    folder, paths = save_layers(test, layers)
    if labels is not None:
        numpy.save(os.path.join(folder, "labels.npy"), labels)
        arguments = arguments + ["--labels", os.path.join(folder, "labels.npy")]
    out = os.path.join(folder, "out")
    code, stderr = run_ricci(["analyze", "--layers"] + paths + arguments + ["--out", out, "--quiet"])
    test.assertEqual(code, 0, stderr)
    return out


def read_csv(path):
    """(header, rows) of a CSV file, cells as text."""
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    return rows[0], rows[1:]


def assert_table_equal(test, columns, path):
    """The module's {column: array} holds the CSV file's columns, in order,
    and its values exactly: an empty cell is NaN (or "" in a text column),
    whole-number columns are int64 unless a cell is empty or inf."""
    header, rows = read_csv(path)
    test.assertEqual(list(columns), header, path)
    for c, name in enumerate(header):
        values = columns[name]
        test.assertEqual(len(values), len(rows), "%s: %s" % (path, name))
        cells = [row[c] for row in rows]
        if values.dtype == object:
            test.assertEqual(list(values), cells, "%s: %s" % (path, name))
        elif values.dtype == numpy.int64:
            test.assertEqual([int(v) for v in values], [int(cell) for cell in cells], "%s: %s" % (path, name))
        else:
            test.assertEqual(values.dtype, numpy.float64, name)
            for value, cell in zip(values, cells):
                if cell == "":
                    test.assertTrue(math.isnan(value), "%s: %s: %r for an empty cell" % (path, name, value))
                else:
                    test.assertEqual(value, float(cell), "%s: %s" % (path, name))


class CliTestCase(unittest.TestCase):
    """Skips when build/ricci is missing (make test-python builds it)."""

    def setUp(self):
        if not os.path.exists(RICCI):
            self.skipTest("no %s: run make test-python" % RICCI)
