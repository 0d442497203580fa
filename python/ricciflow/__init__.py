"""ricciflow on NumPy arrays: the Ricci-flow measures of `ricci analyze`
without files (docs/python.md).

    analyze(layers, k=[10, 30, 50], ...)  the command line's tables as arrays (as_frame=True: DataFrames)
    to_pandas(result)                     the tables of analyze() as pandas DataFrames
    knn_graph(X, k, ...)                  one graph's edges and their curvature
    capture(model, x)                     a PyTorch model's activations (torch_capture.py)

Install with `pip install --no-build-isolation .` from the source tree, or
build with `make python` and put build/python on PYTHONPATH. Bad input
raises a one-line ValueError or TypeError that names the argument (k_frac
for --k-frac), with the command line's message where it has one.
"""

from ricciflow._ricciflow import OutOfMemoryError, __version__
from ricciflow._ricciflow import analyze as _analyze
from ricciflow._ricciflow import knn_graph as _knn_graph
from ricciflow.arguments import as_array, keywords_checked, layer_list
from ricciflow.torch_capture import ACTIVATIONS, capture

__all__ = ["analyze", "to_pandas", "knn_graph", "capture", "ACTIVATIONS", "OutOfMemoryError", "__version__"]


@keywords_checked
def analyze(layers, k=None, *, k_frac=None, graph="union", ties=None, curvature="forman", ollivier_alpha=None,
            convention="standard", include_input=False, no_input=False, within_components=False,
            global_forman=False, local=False, local_unreachable=None, labels=None, threads=0, as_frame=False):
    """The Ricci-flow analysis of a layer sequence: `ricci analyze --layers`.

    Parameters
    ----------
    layers : list of 2-D arrays (n x d_l), the input first, the same n points
        in every layer; NumPy arrays, torch tensors (detached and moved to
        the CPU) or anything numpy.asarray takes. A 3-D array is a stack of
        layers of one width: layers x n x d. A single 2-D array is refused
        (give [X, h1, ...]). A C-contiguous float32 array is read in place
        (no copy); any other numeric array is converted to a float32 copy,
        as the command line converts its NPY files.
    k : int, list of int, or "auto" (--k). Neighbours per point; the default
        [10, 30, 50] when k_frac is not given either. "auto": from the
        smallest k that connects every layer to at least 0.2 n.
    k_frac : float or list of float (--k-frac): k as fractions of n, added
        to k.
    graph : "union" (default), "mutual", or "radius:R" (--graph): the union
        or mutual k-NN graph, or the radius graph |x_i - x_j| <= R.
    ties : None, "index" or "all" (--ties). "index" (the default): exactly
        k neighbours, ties to the smaller index; "all": every point at the
        k-th distance too. None: "all" under convention="paper-r", else
        "index".
    curvature : "forman" (default), "augmented-forman", "approx-ollivier" or
        "ollivier" (exact) (--curvature).
    ollivier_alpha : float from 0 to 1, or None (--ollivier-alpha): the mass
        that stays on the point under curvature="ollivier" (default 0).
    convention : "standard" (default) or "paper-r" (--convention): the
        authors' R code, which implies ties="all".
    include_input : bool (--include-input): rho_k also pairs the input
        transition (g_1 - g_0, Ric_0), not the paper's Eq. 8.
    no_input : bool (--no-input): the layers are hidden layers only,
        numbered from 1.
    within_components : bool (--within-components): sum geodesics within
        components on disconnected graphs (not the paper's rule).
    global_forman : bool (--global-forman): rho_k from the Forman totals
        whatever the curvature (Hehl et al.'s global coefficient).
    local : bool (--local): also the layer and local coefficients of Hehl
        et al. (the tables "layer_coefficients", "local_coefficients",
        "local_values").
    local_unreachable : None, "undefined" or "skip-layer"
        (--local-unreachable): a point's local coefficient when a neighbour
        becomes unreachable (default "undefined"); needs local=True.
    labels : 1-D array of integer class labels, one per point, or None
        (--labels): the class structure columns of the layer table.
    threads : int, 0 to 1024 (--threads): workers, 0 for all cores; the
        results do not depend on it.
    as_frame : bool: return pandas DataFrames instead of dicts of arrays
        (needs pandas).

    Returns
    -------
    dict: "layers" and "coefficients" (and with local=True
    "layer_coefficients", "local_coefficients" and "local_values"), each a
    dict {column: array} with the columns and values of the CSV file of the
    same name (docs/formats.md), or a DataFrame of them with as_frame=True.
    Whole-number columns are int64 (float64 when a cell is missing or
    infinite, as pandas reads the CSV: k under a radius graph, geodesic_sum
    of a disconnected graph); missing numbers are NaN; text columns are
    object arrays of str.

    Raises
    ------
    TypeError for an argument of the wrong type or an unknown keyword,
    ValueError for a value outside what is allowed (the command line's
    message, the option named by its keyword), OutOfMemoryError (a
    MemoryError and a ValueError) when the analysis does not fit in memory.
    """
    if not isinstance(as_frame, bool):
        raise TypeError("as_frame: expected True or False, got %r (%s)" % (as_frame, type(as_frame).__name__))
    result = _analyze(layer_list(layers), k=k, k_frac=k_frac, graph=graph, ties=ties, curvature=curvature,
                      ollivier_alpha=ollivier_alpha, convention=convention, include_input=include_input,
                      no_input=no_input, within_components=within_components, global_forman=global_forman,
                      local=local, local_unreachable=local_unreachable,
                      labels=None if labels is None else as_array(labels), threads=threads)
    return to_pandas(result) if as_frame else result


@keywords_checked
def knn_graph(X, k=None, *, graph="union", ties=None, curvature="forman", ollivier_alpha=0.0, threads=0):
    """The k-NN graph of the rows of X (or graph="radius:R"), as analyze builds it.

    Parameters
    ----------
    X : 2-D array (n x d), a NumPy array, a torch tensor or anything
        numpy.asarray takes.
    k : int, the neighbours per point (None with graph="radius:R").
    graph, ties : as in analyze ("union", "mutual" or "radius:R"; None,
        "index" or "all").
    curvature : "forman" (default), "augmented-forman", "approx-ollivier",
        "ollivier", or None for the edges alone.
    ollivier_alpha : float from 0 to 1, the laziness of "ollivier".
    threads : int, workers (0: all cores).

    Returns {"i": int64 array, "j": int64 array, "curvature": float64 array}:
    one entry per undirected edge {i, j}, i < j, in increasing (i, j), with
    the edge's curvature (exact). The rows of `ricci analyze
    --export-graph`'s edges files. For networkx:

        G = networkx.Graph(); G.add_weighted_edges_from(zip(g["i"], g["j"], g["curvature"]), weight="curvature")
    """
    return _knn_graph(as_array(X), k, graph=graph, ties=ties, curvature=curvature, ollivier_alpha=ollivier_alpha,
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
        raise ImportError("ricciflow: DataFrames need pandas (pip install pandas, or Debian's python3-pandas); "
                          "without it analyze() returns dicts of NumPy arrays") from error
    return {name: pandas.DataFrame(columns) for name, columns in result.items()}
