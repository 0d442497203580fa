"""Bad input raises ValueError with the command line's message, the option
named by its keyword: `--k-frac: ...` on the command line is `k_frac: ...`."""

import re
import unittest

import numpy

import ricciflow
from python.tests.support import CliTestCase, relu_layers, run_ricci, save_layers


def as_keywords(cli_message):
    """A command-line error as the module words it: no `ricci: error: `,
    and every --option-name as option_name."""
    message = cli_message.strip()
    assert message.startswith("ricci: error: "), message
    message = message[len("ricci: error: "):]
    return re.sub(r"--([a-z][a-z-]*)", lambda m: m.group(1).replace("-", "_"), message)


class SameMessages(CliTestCase):

    def check(self, arguments, labels=None, **keywords):
        layers = relu_layers(n=30, seed=21)
        folder, paths = save_layers(self, layers)
        code, stderr = run_ricci(["analyze", "--layers"] + paths + arguments + ["--out", folder + "/out", "--quiet"])
        self.assertIn(code, (1, 2))
        with self.assertRaises(ValueError) as raised:
            ricciflow.analyze(layers, labels=labels, **keywords)
        self.assertEqual(str(raised.exception), as_keywords(stderr))

    def test_errors_of_the_library(self):
        self.check(["--k", "30"], k=30)  # k = n
        self.check(["--k", "3,3"], k=[3, 3])
        self.check(["--k-frac", "0.0001"], k_frac=0.0001)
        self.check(["--curvature", "ricci"], curvature="ricci")
        self.check(["--convention", "paper"], convention="paper")
        self.check(["--ties", "some"], ties="some")
        self.check(["--graph", "radius:-1"], graph="radius:-1")
        self.check(["--graph", "knn"], graph="knn")
        self.check(["--convention", "paper-r", "--graph", "mutual"], convention="paper-r", graph="mutual")
        self.check(["--no-input", "--include-input"], no_input=True, include_input=True)
        self.check(["--local-unreachable", "sometimes", "--local"], local=True, local_unreachable="sometimes")

    def test_errors_of_the_options(self):
        self.check(["--k", "0"], k=0)
        self.check(["--ollivier-alpha", "0.5"], ollivier_alpha=0.5)
        self.check(["--curvature", "ollivier", "--ollivier-alpha", "2"], curvature="ollivier", ollivier_alpha=2)
        self.check(["--local-unreachable", "skip-layer"], local_unreachable="skip-layer")
        self.check(["--graph", "radius:1", "--ties", "all"], graph="radius:1", ties="all")
        self.check(["--graph", "radius:1", "--k", "3"], graph="radius:1", k=3)
        self.check(["--k", "auto", "--k-frac", "0.1"], k="auto", k_frac=0.1)


class ModuleOnlyErrors(unittest.TestCase):

    def test_bad_arrays(self):
        good = numpy.ones((10, 2), dtype=numpy.float32)
        bad = numpy.array(good)
        bad[4, 1] = numpy.nan
        with self.assertRaisesRegex(ValueError, "^layer 1: row 4, column 1 is NaN$"):
            ricciflow.analyze([good, bad], k=3)
        with self.assertRaisesRegex(ValueError, r"^layer 1: expected a 2-D array \(points x features\), got shape"):
            ricciflow.analyze([good, numpy.ones((10, 2, 2))], k=3)
        with self.assertRaisesRegex(TypeError, "^layer 0: expected numbers"):
            ricciflow.analyze([numpy.array(["a"] * 10), good], k=3)
        with self.assertRaisesRegex(ValueError, "^layer 1: 9 rows, but layer 0 has 10"):
            ricciflow.analyze([good, good[:9]], k=3)
        with self.assertRaisesRegex(ValueError, "^layers: give at least two arrays"):
            ricciflow.analyze([good], k=3)

    def test_bad_labels(self):
        layers = relu_layers(n=20, seed=22)
        with self.assertRaisesRegex(ValueError, "^labels: 19 labels for 20 points$"):
            ricciflow.analyze(layers, k=3, labels=numpy.zeros(19, dtype=int))
        with self.assertRaisesRegex(ValueError, "^labels: label 2 is not a whole number$"):
            ricciflow.analyze(layers, k=3, labels=numpy.array([0, 1, 0.5] + [0] * 17))
        with self.assertRaisesRegex(ValueError, "^convention: the class structure"):
            ricciflow.analyze(layers, k=3, convention="paper-r", labels=numpy.zeros(20, dtype=int))

    def test_bad_keywords(self):
        layers = relu_layers(n=20, seed=23)
        with self.assertRaisesRegex(ValueError, "^k: expected a whole number, a list of them or 'auto', got '3'"):
            ricciflow.analyze(layers, k="3")
        with self.assertRaisesRegex(ValueError, "^threads: expected a whole number from 0"):
            ricciflow.analyze(layers, k=3, threads=-1)
        with self.assertRaisesRegex(TypeError, "^analyze: unknown keyword 'quiet'; the keywords are layers, k, "):
            ricciflow.analyze(layers, k=3, quiet=True)  # not an option of the module


if __name__ == "__main__":
    unittest.main()
