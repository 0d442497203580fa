"""ricciflow on NumPy arrays: the Ricci-flow measures of `ricci analyze`
without files (docs/python.md).

    analyze(layers, k=[10, 30, 50], ...)  the command line's tables as arrays
    to_pandas(result)                     the same as pandas DataFrames
    knn_graph(X, k, ...)                  one graph's edges and their curvature
    capture(model, x)                     a PyTorch model's ReLU outputs (torch_capture.py)

Built by `make python` into build/python/ricciflow (put build/python on
PYTHONPATH). Bad input raises ValueError with the command line's message,
the option named by its keyword (k_frac for --k-frac).
"""

from ricciflow._ricciflow import analyze as _analyze
from ricciflow._ricciflow import knn_graph as _knn_graph
from ricciflow.torch_capture import capture

__all__ = ["analyze", "to_pandas", "knn_graph", "capture"]


def analyze(layers, k=None, **options):
    """The Ricci-flow analysis of a layer sequence: `ricci analyze --layers`.

    Parameters
    ----------
    layers : list of 2-D arrays (n x d_l), the input first, the same n points
        in every layer. A C-contiguous float32 array is read in place (no
        copy); any other numeric array is converted to a float32 copy, as
        the command line converts its NPY files.
    k : int, list of int, or "auto" (default [10, 30, 50] when k_frac is not
        given either), as --k.
    k_frac, graph, ties, curvature, ollivier_alpha, convention, include_input,
    no_input, within_components, global_forman, local, local_unreachable :
        the options of `ricci analyze` of the same names (README.md).
    labels : one integer class label per point, or None (--labels): the
        class structure columns of the layer table.
    threads : workers (0: all cores); the results do not depend on it.

    Returns
    -------
    dict: "layers" and "coefficients" (and with local=True
    "layer_coefficients", "local_coefficients" and "local_values"), each a
    dict {column: array} with the columns and values of the CSV file of the
    same name (docs/formats.md). Whole-number columns are int64 (float64 when
    a cell is missing or infinite, as pandas reads the CSV: k under a radius
    graph, geodesic_sum of a disconnected graph); missing numbers are NaN;
    text columns are object arrays of str.
    """
    return _analyze(layers, k=k, **options)


def knn_graph(X, k=None, graph="union", ties=None, curvature="forman", ollivier_alpha=0.0, threads=0):
    """The k-NN graph of the rows of X (or graph="radius:R"), as analyze builds it.

    Returns {"i": int64 array, "j": int64 array, "curvature": float64 array}:
    one entry per undirected edge {i, j}, i < j, in increasing (i, j), with
    the edge's curvature (forman, augmented-forman, approx-ollivier or
    ollivier, exact; curvature=None leaves it out). The rows of
    `ricci analyze --export-graph`'s edges files. For networkx:

        G = networkx.Graph(); G.add_weighted_edges_from(zip(g["i"], g["j"], g["curvature"]), weight="curvature")
    """
    return _knn_graph(X, k, graph=graph, ties=ties, curvature=curvature, ollivier_alpha=ollivier_alpha,
                      threads=threads)


def to_pandas(result):
    """The tables of analyze() as pandas DataFrames, under the same keys.

    Each DataFrame has the columns of the CSV file, with the dtypes pandas
    gives when it reads that file. Raises ImportError when pandas is not
    installed.
    """
    try:
        import pandas
    except ImportError as error:
        raise ImportError("ricciflow.to_pandas needs pandas (pip install pandas, or Debian's python3-pandas); "
                          "the result of analyze() is a dict of NumPy arrays without it") from error
    return {name: pandas.DataFrame(columns) for name, columns in result.items()}
