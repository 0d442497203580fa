"""The arguments of ricciflow's functions before they reach the extension:
unknown keywords named with the nearest valid one, layers as a list of
arrays (never one 2-D array taken for a list of rows), torch tensors as
NumPy arrays. The extension (python/keywords.h) checks every other value.
"""

import difflib
import functools
import inspect

import numpy

__all__ = ["keywords_checked", "layer_list", "as_array"]


def keywords_checked(function):
    """`function` with a one-line TypeError for an unknown keyword, naming
    it and the nearest valid one ("analyze: unknown keyword 'kk'; did you
    mean 'k'?"). The signature stays the function's own (help(),
    inspect.signature and tab completion see it through __wrapped__)."""
    names = list(inspect.signature(function).parameters)

    @functools.wraps(function)
    def checked(*args, **keywords):
        for name in keywords:
            if name not in names:
                raise TypeError(unknown_keyword(function.__name__, name, names))
        return function(*args, **keywords)

    return checked


def unknown_keyword(function_name, name, names):
    """The message for an unknown keyword: the nearest valid one, or all."""
    nearest = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not nearest:  # a prefix or a part of a name ("input" for include_input)
        nearest = [valid for valid in names if name in valid or valid in name][:1]
    if nearest:
        return "%s: unknown keyword '%s'; did you mean '%s'?" % (function_name, name, nearest[0])
    return "%s: unknown keyword '%s'; the keywords are %s" % (function_name, name, ", ".join(names))


def is_tensor(value):
    """A torch.Tensor, recognised without importing torch."""
    return type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach")


def as_array(value):
    """A torch tensor as a NumPy array (detached from autograd and moved to
    the CPU; a CPU float32 tensor shares its memory, no copy); anything else
    as it is, for the extension to read."""
    if not is_tensor(value):
        return value
    import torch
    tensor = value.detach().cpu()
    if tensor.is_floating_point() and tensor.dtype not in (torch.float16, torch.float32, torch.float64):
        tensor = tensor.to(torch.float32)  # bfloat16 and the like, which NumPy does not have
    return tensor.numpy()


def layer_list(layers):
    """`layers` as a list of arrays: a list or tuple of arrays (or tensors)
    as it is, a 3-D array (or tensor) as its slices, layers x n x d (views,
    no copy). One 2-D array, or an array of another rank, is refused: it
    would be taken for a list of one-feature layers, one per row."""
    if is_tensor(layers):
        layers = as_array(layers)
    if hasattr(layers, "ndim") and hasattr(layers, "shape"):  # a NumPy array, a DataFrame, ...
        shape = tuple(layers.shape)
        if layers.ndim == 3 and isinstance(layers, numpy.ndarray):
            return [layers[l] for l in range(shape[0])]
        if layers.ndim == 2:
            raise ValueError("layers: expected a list of 2-D arrays (one per layer, the input first), got one "
                             "2-D %s of shape %s: give [X, h1, h2, ...]" % (type(layers).__name__, shape))
        raise ValueError("layers: expected a list of 2-D arrays (one per layer, the input first) or a 3-D array "
                         "(layers x n x d), got a %s of shape %s" % (type(layers).__name__, shape))
    if isinstance(layers, (list, tuple)):
        return [as_array(layer) for layer in layers]
    raise TypeError("layers: expected a list of 2-D arrays (one per layer, the input first) or a 3-D array "
                    "(layers x n x d), got %s" % type(layers).__name__)
