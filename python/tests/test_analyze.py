"""ricciflow.analyze against `ricci analyze --layers` on the same arrays: the
same columns and values, under every kind of option."""

import inspect
import os
import re
import subprocess
import unittest

import numpy

import ricciflow
from python.tests.support import RICCI, CliTestCase, assert_table_equal, cli_analyze, relu_layers

TABLES = ("layers", "coefficients")
LOCAL_TABLES = ("layer_coefficients", "local_coefficients", "local_values")


class AnalyzeAgainstCommandLine(CliTestCase):

    def check(self, layers, arguments, labels=None, tables=TABLES, **keywords):
        out = cli_analyze(self, layers, arguments, labels)
        result = ricciflow.analyze(layers, labels=labels, **keywords)
        self.assertEqual(sorted(result), sorted(tables))
        for table in tables:
            assert_table_equal(self, result[table], os.path.join(out, table + ".csv"))
        return result

    def test_defaults(self):
        result = self.check(relu_layers(n=80), [])
        self.assertEqual(list(result["coefficients"]["k"]), [10, 30, 50])
        self.assertEqual(result["layers"]["geodesic_sum"].dtype, numpy.int64)

    def test_labels_and_local_values(self):
        layers = relu_layers(n=60, seed=2)
        labels = numpy.arange(60) % 3
        self.check(layers, ["--k", "4,9", "--local"], labels=labels, tables=TABLES + LOCAL_TABLES,
                   k=[4, 9], local=True)

    def test_exact_ollivier_on_the_mutual_graph(self):
        self.check(relu_layers(n=40, seed=3), ["--k", "6", "--curvature", "ollivier", "--ollivier-alpha", "0.5",
                                                "--graph", "mutual", "--ties", "all"],
                   k=6, curvature="ollivier", ollivier_alpha=0.5, graph="mutual", ties="all")

    def test_paper_r_convention(self):
        self.check(relu_layers(n=50, seed=4), ["--k", "5,8", "--convention", "paper-r"], k=[5, 8],
                   convention="paper-r")

    def test_radius_graph(self):
        result = self.check(relu_layers(n=50, seed=5), ["--graph", "radius:1.5", "--within-components"],
                            graph="radius:1.5", within_components=True)
        self.assertTrue(numpy.isnan(result["layers"]["k"]).all())  # an empty k column, as in the CSV

    def test_k_auto_and_fractions(self):
        layers = relu_layers(n=70, seed=6)
        self.check(layers, ["--k", "auto"], k="auto")
        self.check(layers, ["--k", "3", "--k-frac", "0.1,0.2"], k=[3], k_frac=[0.1, 0.2])

    def test_hidden_layers_only_and_global_forman(self):
        layers = relu_layers(n=45, seed=7)[1:]
        self.check(layers, ["--k", "5", "--no-input", "--global-forman", "--curvature", "augmented-forman"],
                   k=5, no_input=True, global_forman=True, curvature="augmented-forman")
        self.check(relu_layers(n=45, seed=7), ["--k", "5", "--include-input", "--local", "--local-unreachable",
                                                "skip-layer"],
                   tables=TABLES + LOCAL_TABLES, k=5, include_input=True, local=True, local_unreachable="skip-layer")

    def test_disconnected_layers_give_inf_and_undefined_rho(self):
        # Two far clusters: every k-NN graph at k = 3 is disconnected.
        x = numpy.concatenate([numpy.zeros((20, 2)), numpy.full((20, 2), 100.0)]).astype(numpy.float32)
        x += numpy.random.default_rng(8).normal(scale=0.1, size=x.shape).astype(numpy.float32)
        result = self.check([x, x * 2, x * 3], ["--k", "3"], k=3)
        self.assertTrue(numpy.isinf(result["layers"]["geodesic_sum"]).all())
        self.assertNotEqual(result["coefficients"]["reason"][0], "")

    def test_float64_and_integer_arrays_are_read_as_the_command_line_reads_them(self):
        self.check(relu_layers(n=40, seed=9, dtype=numpy.float64), ["--k", "5"], k=5)
        layers = [numpy.round(layer * 10).astype(numpy.int32) for layer in relu_layers(n=40, seed=9)]
        self.check(layers, ["--k", "5"], k=5)

    def test_k_as_numpy_integers(self):
        layers = relu_layers(n=40, seed=13)
        plain = ricciflow.analyze(layers, k=[4, 6])
        for k in (numpy.array([4, 6]), [numpy.int64(4), numpy.int32(6)]):
            numpy.testing.assert_array_equal(ricciflow.analyze(layers, k=k)["layers"]["eta"], plain["layers"]["eta"])
        self.assertEqual(ricciflow.knn_graph(layers[1], numpy.int64(4))["i"].tolist(),
                         ricciflow.knn_graph(layers[1], 4)["i"].tolist())

    def test_approximate_ollivier_and_index_ties(self):
        self.check(relu_layers(n=40, seed=15), ["--k", "5,9", "--curvature", "approx-ollivier", "--ties", "index"],
                   k=[5, 9], curvature="approx-ollivier", ties="index")

    def test_every_option_of_the_command_line_is_a_keyword_compared_here(self):
        # The options `ricci analyze --help` lists, less those about files
        # and the terminal, are the keywords of analyze(), and each is
        # compared with the command line by a test of this class.
        done = subprocess.run([RICCI, "analyze", "--help"], capture_output=True, text=True)
        options = set(re.findall(r"^  --([a-z-]+)", done.stdout, re.MULTILINE))
        self.assertIn("k-frac", options)
        # export-graph: test_knn_graph.py; allow-large: the command's guard on
        # the memory of an analysis before it reads files (the module's
        # arrays are in memory already).
        files = {"layers", "out", "quiet", "max-input", "allow-large", "help", "export-graph"}
        keywords = {option.replace("-", "_") for option in options - files}
        signature = set(inspect.signature(ricciflow.analyze).parameters)
        self.assertEqual(keywords - signature, set())
        with open(__file__) as file:
            source = file.read()
        # threads: test_threads_do_not_change_the_result; labels: cli_analyze(labels=...)
        for option in sorted(options - files - {"threads", "labels"}):
            self.assertIn('"--%s"' % option, source, "no comparison of --%s with the command line" % option)

    def test_threads_do_not_change_the_result(self):
        layers = relu_layers(n=60, seed=10)
        one = ricciflow.analyze(layers, k=[5, 7], threads=1, local=True)
        two = ricciflow.analyze(layers, k=[5, 7], threads=2, local=True)
        for table in one:
            for column in one[table]:
                numpy.testing.assert_array_equal(one[table][column], two[table][column])


class NoCopy(unittest.TestCase):
    """A C-contiguous float32 layer is read where it lies; others are copied."""

    def test_float32_c_order_is_not_copied(self):
        layer = numpy.ones((10, 3), dtype=numpy.float32)
        self.assertEqual(ricciflow._ricciflow._layer_address(layer), layer.ctypes.data)
        stack = numpy.ones((3, 10, 4), dtype=numpy.float32)  # layers x n x d: each layer a view
        for l, view in enumerate(ricciflow.arguments.layer_list(stack)):
            self.assertEqual(ricciflow._ricciflow._layer_address(view), stack[l].ctypes.data)

    def test_other_layouts_are_copied(self):
        layer = numpy.ones((10, 3), dtype=numpy.float32)
        for other in (layer.astype(numpy.float64), numpy.asfortranarray(layer), layer[::2], layer.T):
            self.assertNotEqual(ricciflow._ricciflow._layer_address(other), other.ctypes.data)

    def test_the_caller_keeps_its_array(self):
        layers = relu_layers(n=30, seed=11)
        before = [layer.copy() for layer in layers]
        ricciflow.analyze(layers, k=4)
        for layer, copy in zip(layers, before):
            numpy.testing.assert_array_equal(layer, copy)


class ToPandas(unittest.TestCase):

    def test_data_frames_hold_the_arrays(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed")
        result = ricciflow.analyze(relu_layers(n=30, seed=12), k=[4, 6])
        frames = ricciflow.to_pandas(result)
        self.assertEqual(sorted(frames), sorted(result))
        for name, frame in frames.items():
            self.assertEqual(list(frame.columns), list(result[name]))
            for column in frame.columns:
                numpy.testing.assert_array_equal(frame[column].to_numpy(), result[name][column])

    def test_as_frame_gives_the_csv_files_as_pandas_reads_them(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed")
        if not os.path.exists(RICCI):
            self.skipTest("no %s: run make test-python" % RICCI)
        layers, labels = relu_layers(n=40, seed=14), numpy.arange(40) % 2
        for curvature in ("forman", "ollivier"):
            out = cli_analyze(self, layers, ["--k", "4,7", "--local", "--curvature", curvature], labels=labels)
            frames = ricciflow.analyze(layers, k=[4, 7], local=True, curvature=curvature, labels=labels,
                                       as_frame=True)
            self.assertEqual(sorted(frames), sorted(TABLES + LOCAL_TABLES))
            for name, frame in frames.items():
                expected = pandas.read_csv(os.path.join(out, name + ".csv"), keep_default_na=False,
                                           na_values=[""], float_precision="round_trip")
                expected = expected.replace({"reason": {numpy.nan: ""}}) if "reason" in expected else expected
                pandas.testing.assert_frame_equal(frame, expected, check_exact=True)
            whole = numpy.int64 if curvature == "forman" else numpy.float64  # 4 - deg(i) - deg(j)
            self.assertEqual(frames["layers"]["curvature_total"].dtype, whole)

    def test_a_clear_import_error_without_pandas(self):
        import sys
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = None  # import pandas now raises ImportError
        try:
            with self.assertRaisesRegex(ImportError, "^ricciflow: DataFrames need pandas"):
                ricciflow.to_pandas({})
            with self.assertRaisesRegex(ImportError, "^ricciflow: DataFrames need pandas"):
                ricciflow.analyze(relu_layers(n=20, seed=12), k=3, as_frame=True)
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved


if __name__ == "__main__":
    unittest.main()
