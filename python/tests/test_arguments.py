"""Every mistyped argument of issue 22 raises a one-line ValueError or
TypeError that names it; layers are a list of 2-D arrays (or a documented
3-D stack), never one 2-D array taken for a list of rows; an unknown keyword
names the nearest valid one; the version is bin/version.h's."""

import inspect
import os
import re
import subprocess
import sys
import textwrap
import unittest

import numpy

import ricciflow
from python.tests.support import relu_layers

try:
    import torch
except ImportError:
    torch = None


class OneLineErrors(unittest.TestCase):

    def raises(self, kind, pattern, function, *args, **keywords):
        """`function(*args, **keywords)` raises exactly `kind`, in one line
        that matches `pattern` from its start."""
        with self.assertRaises(Exception) as raised:
            function(*args, **keywords)
        error = raised.exception
        self.assertIs(type(error), kind, "%s: %s" % (type(error).__name__, error))
        self.assertNotIn("\n", str(error))
        self.assertRegex(str(error), "^" + pattern)

    def setUp(self):
        self.layers = relu_layers(n=30, seed=41)

    def test_whole_numbers_beyond_64_bits(self):
        self.raises(ValueError, re.escape("k: expected a whole number from 1 to 1073741824, got '%d'" % 2**70),
                    ricciflow.analyze, self.layers, k=2**70)
        self.raises(ValueError, "k: expected a whole number from 1 to 1073741824, got '18446744073709551615'",
                    ricciflow.analyze, self.layers, k=numpy.uint64(2**64 - 1))
        self.raises(ValueError, "k: expected a whole number from 1 to 1073741824",
                    ricciflow.analyze, self.layers, k=[3, 2**64])
        self.raises(ValueError, "threads: expected a whole number from 0 to 1024",
                    ricciflow.analyze, self.layers, threads=2**70)
        self.raises(ValueError, "k: expected a whole number from 1 to 1073741824",
                    ricciflow.knn_graph, self.layers[0], 2**70)

    def test_values_of_the_wrong_type(self):
        self.raises(TypeError, re.escape("k_frac: expected a number or a list of numbers, got '0.05' (str)"),
                    ricciflow.analyze, self.layers, k_frac="0.05")
        self.raises(TypeError, re.escape("k_frac: expected a number or a list of numbers, got '0.1' (str)"),
                    ricciflow.analyze, self.layers, k_frac=[0.2, "0.1"])
        self.raises(TypeError, re.escape("ties: expected 'index', 'all' or None, got 1 (int)"),
                    ricciflow.analyze, self.layers, ties=1)
        self.raises(TypeError, re.escape("ollivier_alpha: expected a number, got '0.5' (str)"),
                    ricciflow.analyze, self.layers, curvature="ollivier", ollivier_alpha="0.5")
        self.raises(TypeError, re.escape("k: expected a whole number, a list of them or 'auto', got 5.0 (float)"),
                    ricciflow.analyze, self.layers, k=5.0)
        self.raises(TypeError, "k: expected a whole number, a list of them or 'auto', got True",
                    ricciflow.analyze, self.layers, k=True)
        self.raises(TypeError, "curvature: expected 'forman', ", ricciflow.analyze, self.layers, curvature=3)
        self.raises(TypeError, "graph: expected 'union', 'mutual' or 'radius:R'", ricciflow.analyze, self.layers,
                    graph=None)
        self.raises(TypeError, "local: expected True or False, got 'yes' \\(str\\)", ricciflow.analyze,
                    self.layers, local="yes")
        self.raises(TypeError, "as_frame: expected True or False", ricciflow.analyze, self.layers, as_frame=1)
        self.raises(TypeError, "threads: expected a whole number \\(int\\), got 2.0", ricciflow.analyze, self.layers,
                    threads=2.0)
        self.raises(TypeError, "ollivier_alpha: expected a number, got '0.1'", ricciflow.knn_graph,
                    self.layers[0], 3, curvature="ollivier", ollivier_alpha="0.1")
        self.raises(TypeError, "k: expected a whole number \\(int\\), got '3'", ricciflow.knn_graph,
                    self.layers[0], "3")
        self.raises(ValueError, "k: expected at least one k, got an empty list", ricciflow.analyze, self.layers,
                    k=[])

    def test_numpy_scalars_and_zero_d_arrays_are_numbers(self):
        expected = ricciflow.analyze(self.layers, k=5, k_frac=0.2)
        for k, k_frac in ((numpy.array(5), numpy.array(0.2)), (numpy.int8(5), numpy.float32(0.2)),
                          (numpy.array([5]), numpy.array([0.2]))):
            got = ricciflow.analyze(self.layers, k=k, k_frac=k_frac)
            numpy.testing.assert_array_equal(got["coefficients"]["k"], expected["coefficients"]["k"])
            numpy.testing.assert_array_equal(got["layers"]["eta"], expected["layers"]["eta"])

    def test_unknown_keywords_name_the_nearest(self):
        self.raises(TypeError, "analyze: unknown keyword 'kk'; did you mean 'k'\\?$", ricciflow.analyze,
                    self.layers, kk=3)
        self.raises(TypeError, "analyze: unknown keyword 'include_inputs'; did you mean 'include_input'\\?$",
                    ricciflow.analyze, self.layers, include_inputs=True)
        self.raises(TypeError, "analyze: unknown keyword 'curvatur'; did you mean 'curvature'\\?$",
                    ricciflow.analyze, self.layers, curvatur="forman")
        self.raises(TypeError, "knn_graph: unknown keyword 'tie'; did you mean 'ties'\\?$", ricciflow.knn_graph,
                    self.layers[0], 3, tie="all")

    def test_the_signature_shows_every_keyword(self):
        parameters = inspect.signature(ricciflow.analyze).parameters
        self.assertEqual(list(parameters)[:2], ["layers", "k"])
        self.assertEqual(parameters["graph"].default, "union")
        self.assertEqual(parameters["threads"].default, 0)
        self.assertEqual(parameters["as_frame"].default, False)
        for name in parameters:  # each argument has its paragraph in the docstring
            self.assertRegex(ricciflow.analyze.__doc__, "\n    %s : " % name)

    def test_a_2d_array_is_not_a_list_of_layers(self):
        X = numpy.random.default_rng(42).normal(size=(8, 300))
        self.raises(ValueError, re.escape("layers: expected a list of 2-D arrays (one per layer, the input first), "
                                          "got one 2-D ndarray of shape (8, 300)"),
                    ricciflow.analyze, X, k=10)
        self.raises(ValueError, "layers: expected a list of 2-D arrays .* or a 3-D array \\(layers x n x d\\), got "
                                "a ndarray of shape \\(2, 3, 4, 5\\)", ricciflow.analyze, numpy.zeros((2, 3, 4, 5)))
        self.raises(TypeError, "layers: expected a list of 2-D arrays", ricciflow.analyze, "layer_0.npy")
        self.raises(ValueError, re.escape("layer 1: expected a 2-D array (points x features), got shape (30,)"),
                    ricciflow.analyze, [self.layers[0], self.layers[1][:, 0]], k=3)
        self.raises(ValueError, re.escape("X: expected a 2-D array (points x features), got shape (30,)"),
                    ricciflow.knn_graph, self.layers[0][:, 0], 3)

    def test_a_3d_array_is_a_stack_of_layers(self):
        stack = numpy.stack([layer[:, :3] for layer in relu_layers(n=30, widths=(3, 4, 4, 5), seed=43)])
        self.assertEqual(stack.shape, (4, 30, 3))
        numpy.testing.assert_array_equal(ricciflow.analyze(stack, k=[4, 6])["layers"]["eta"],
                                         ricciflow.analyze(list(stack), k=[4, 6])["layers"]["eta"])

    def test_too_large_an_allocation(self):
        # In a child process whose address space is capped 1 GiB above what
        # it has: k = n - 1 on 20000 points needs 3.2 GB of neighbour lists.
        script = textwrap.dedent("""
            import resource, numpy, ricciflow
            size = [int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize:")][0]
            resource.setrlimit(resource.RLIMIT_AS, (size + (1 << 30), resource.RLIM_INFINITY))
            x = numpy.random.default_rng(0).normal(size=(20000, 2)).astype(numpy.float32)
            for call in (lambda: ricciflow.analyze([x, x * 2], k=19999, threads=1),
                         lambda: ricciflow.knn_graph(x, 19999, threads=1)):
                try:
                    call()
                except ricciflow.OutOfMemoryError as error:
                    assert isinstance(error, MemoryError) and isinstance(error, ValueError)
                    print(error)
            """)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.splitlines(), [
            "out of memory analysing 2 layers of 20000 points at k up to 19999 (k, k_frac, graph, local)",
            "out of memory building the graph of 20000 points at k = 19999 (k, graph, curvature)"])

    def test_the_version_is_bin_version_h(self):
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "..", "bin", "version.h")) as file:
            version = re.search(r'kVersion = "([^"]+)"', file.read()).group(1)
        self.assertEqual(ricciflow.__version__, version)


@unittest.skipIf(torch is None, "PyTorch (torch) is not installed: the tensor tests are skipped")
class TorchTensors(unittest.TestCase):

    def test_tensors_with_requires_grad_are_read(self):
        layers = relu_layers(n=30, seed=44)
        tensors = [torch.from_numpy(layer).requires_grad_() for layer in layers]
        got = ricciflow.analyze([tensors[0], tensors[1] * 1, tensors[2], tensors[3]], k=[4, 6])
        expected = ricciflow.analyze(layers, k=[4, 6])
        for column in expected["layers"]:
            numpy.testing.assert_array_equal(got["layers"][column], expected["layers"][column])
        stack = torch.from_numpy(numpy.stack([layer[:, :3] for layer in layers]))
        numpy.testing.assert_array_equal(ricciflow.analyze(stack, k=4)["layers"]["eta"],
                                         ricciflow.analyze([layer[:, :3] for layer in layers], k=4)["layers"]["eta"])
        g = ricciflow.knn_graph(tensors[1], 4)
        numpy.testing.assert_array_equal(g["curvature"], ricciflow.knn_graph(layers[1], 4)["curvature"])

    def test_a_cpu_float32_tensor_is_not_copied(self):
        tensor = torch.ones(10, 3)
        array = ricciflow.arguments.as_array(tensor)
        self.assertEqual(ricciflow._ricciflow._layer_address(array), tensor.data_ptr())

    def test_a_2d_tensor_is_not_a_list_of_layers(self):
        with self.assertRaisesRegex(ValueError, "^layers: expected a list of 2-D arrays .* got one 2-D ndarray"):
            ricciflow.analyze(torch.zeros(8, 300), k=10)


if __name__ == "__main__":
    unittest.main()
