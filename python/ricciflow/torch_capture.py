"""capture(model, x): the layers of a PyTorch model for ricciflow.analyze.

Forward hooks on the model's activation modules (every torch.nn.ReLU,
LeakyReLU, GELU, Tanh, Sigmoid, ELU and SiLU, or the modules the caller
names) record their outputs, in the order the forward pass calls them. The
model runs in eval() mode under torch.no_grad(), on the whole input or batch
by batch (batch_size=, or a DataLoader); every submodule's training flag is
restored afterwards and the hooks removed.

Each output is copied to the CPU as float32 the moment it is produced, so a
later in-place operation (nn.ReLU(inplace=True) feeding an in-place add)
cannot change what was recorded, and memory holds the recorded layers of
all points and one batch of the model's own tensors, nothing more.

An activation applied as a function (torch.relu, F.gelu, x.relu()) is not a
module and cannot be hooked: give such a model activation modules, or name
other modules to record with modules=[...].
"""

import numpy

from ricciflow.arguments import keywords_checked

__all__ = ["capture", "ACTIVATIONS"]

# The activation modules hooked by default (names in torch.nn).
ACTIVATIONS = ("ReLU", "LeakyReLU", "GELU", "Tanh", "Sigmoid", "ELU", "SiLU")


@keywords_checked
def capture(model, x, *, modules=None, batch_size=None):
    """[x, a_1, ..., a_L] as float32 NumPy arrays of n rows: the input, then
    the output of each hooked module in call order.

    Parameters
    ----------
    model : torch.nn.Module (any, not only Sequential).
    x : the points: a torch.Tensor or array-like (n x ...), or an iterable
        of batches such as a torch DataLoader (each batch a tensor, or a
        tuple or list whose first item is the input, as (inputs, labels)).
        The input is moved to the device of the model's first parameter and
        cast to its float type; integer input (uint8 images) is cast to
        float, not scaled.
    modules : None, or a list of modules of the model, or of module classes:
        the modules whose outputs are the layers. None: every module of the
        classes in ricciflow.ACTIVATIONS (ReLU, LeakyReLU, GELU, Tanh,
        Sigmoid, ELU, SiLU). A module called twice records two layers.
    batch_size : None (one forward pass over all of x) or a positive int:
        the forward pass runs over batches of that many points of a tensor
        x. A DataLoader brings its own batches (leave batch_size None).

    Returns
    -------
    list of C-contiguous float32 NumPy arrays (n, features), each output
    flattened to one row per point: the `layers` of ricciflow.analyze.
    """
    try:
        import torch
    except ImportError as error:
        raise ImportError("ricciflow.capture needs PyTorch (torch)") from error
    if not isinstance(model, torch.nn.Module):
        raise TypeError("model: expected a torch.nn.Module, got %s" % type(model).__name__)
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int)):
        raise TypeError("batch_size: expected None or a whole number, got %r (%s)"
                        % (batch_size, type(batch_size).__name__))
    if batch_size is not None and batch_size < 1:
        raise ValueError("batch_size: expected a whole number from 1, got %d" % batch_size)
    hooked = hooked_modules(torch, model, modules)
    names = {module: name or "the model" for name, module in model.named_modules()}

    parameter = next(model.parameters(), None)
    device = parameter.device if parameter is not None else None
    dtype = parameter.dtype if parameter is not None and parameter.is_floating_point() else torch.float32

    def model_input(batch):
        """A batch as the model takes it: a float tensor on its device."""
        if isinstance(batch, (tuple, list)):
            batch = batch[0]
        try:
            batch = torch.as_tensor(batch)
        except (TypeError, ValueError, RuntimeError):
            raise TypeError("x: expected batches of points (tensors, arrays, or (inputs, labels) pairs), got a "
                            "batch of %s" % type(batch).__name__) from None
        if batch.dim() == 0:
            raise ValueError("x: expected points, one per row, got a 0-d tensor")
        return batch.detach().to(device=device if device is not None else batch.device, dtype=dtype)

    recorded = []  # this batch's outputs: (module, float32 CPU array)

    def record(module, inputs, output):
        if not isinstance(output, torch.Tensor):
            raise TypeError("capture: %s (%s) returned a %s, not a tensor: it cannot be a layer"
                            % (names[module], type(module).__name__, type(output).__name__))
        recorded.append((module, rows(output)))

    hooks = [module.register_forward_hook(record) for module in hooked]
    modes = [(module, module.training) for module in model.modules()]
    layers = LayerChunks()
    try:
        model.eval()
        with torch.no_grad():
            for batch in batches(x, batch_size):
                inputs = model_input(batch)
                recorded.clear()
                model(inputs)
                layers.add(names, [(None, rows(inputs))] + recorded)
    finally:
        for hook in hooks:
            hook.remove()
        for module, training in modes:  # each submodule's own flag, not the top one's for all
            module.training = training
    if layers.count == 0:
        raise ValueError("x: no points (an empty tensor or a loader without batches)")
    return layers.arrays()


def hooked_modules(torch, model, modules):
    """The modules whose outputs capture() records."""
    if modules is None:
        kinds = tuple(getattr(torch.nn, name) for name in ACTIVATIONS if hasattr(torch.nn, name))
        hooked = [module for module in model.modules() if isinstance(module, kinds)]
        if not hooked:
            raise ValueError("capture: the model has no activation module (torch.nn.%s); an activation applied as "
                             "a function (F.relu, torch.relu) cannot be hooked: give modules=[...] to record others"
                             % ", ".join(ACTIVATIONS))
        return hooked
    if not isinstance(modules, (list, tuple)) or not modules:
        raise TypeError("modules: expected a non-empty list of modules of the model or module classes, got %r"
                        % (modules,))
    own = list(model.modules())
    hooked = []
    for item in modules:
        if isinstance(item, type) and issubclass(item, torch.nn.Module):
            hooked += [module for module in own if isinstance(module, item) and module not in hooked]
        elif isinstance(item, torch.nn.Module):
            if not any(item is module for module in own):
                raise ValueError("modules: %s is not a module of the model" % type(item).__name__)
            hooked.append(item)
        else:
            raise TypeError("modules: expected modules of the model or module classes, got %r (%s)"
                            % (item, type(item).__name__))
    if not hooked:
        raise ValueError("modules: the model has no module of the classes given")
    return hooked


def batches(x, batch_size):
    """The batches of x: slices of a tensor or array, or what an iterable
    (a DataLoader) yields."""
    import torch
    if isinstance(x, (torch.Tensor, numpy.ndarray)):
        n = len(x) if x.ndim > 0 else 0
        step = n if batch_size is None else batch_size
        return (x[start:start + step] for start in range(0, n, max(step, 1)))
    if batch_size is not None:
        raise ValueError("batch_size: applies to a tensor or array x; a DataLoader brings its own batches")
    if isinstance(x, (list, tuple)):  # array-like nested lists: one batch
        return iter([numpy.asarray(x)])
    try:
        return iter(x)
    except TypeError:
        raise TypeError("x: expected a tensor, an array or a DataLoader of batches, got %s"
                        % type(x).__name__) from None


def rows(tensor):
    """A batch's tensor as a new (b, features) float32 NumPy array on the CPU:
    always a copy, so that a later in-place operation cannot change it."""
    import torch
    b = tensor.shape[0] if tensor.dim() > 0 else 1
    copy = tensor.detach().to(device="cpu", dtype=torch.float32, copy=True)
    return copy.reshape(b, -1).numpy()


class LayerChunks:
    """The layers, batch by batch: each batch's arrays, joined at the end
    layer by layer (each layer's chunks dropped once joined)."""

    def __init__(self):
        self.modules = None  # the modules of the first batch, in call order
        self.chunks = []  # per layer, its arrays of each batch
        self.count = 0

    def add(self, names, recorded):
        modules = [module for module, _ in recorded]
        if self.modules is None:
            self.modules = modules
            self.chunks = [[] for _ in modules]
        elif [id(m) for m in modules] != [id(m) for m in self.modules]:
            raise ValueError("capture: the forward pass called the hooked modules in another order (or number) "
                             "on batch %d than on the first" % (len(self.chunks[0]) + 1))
        b = recorded[0][1].shape[0]
        for (module, array), chunks in zip(recorded, self.chunks):
            if array.shape[0] != b:
                raise ValueError("capture: %s (%s) gave %d rows for a batch of %d points: its output is not one "
                                 "row per point" % (names[module], type(module).__name__, array.shape[0], b))
            chunks.append(array)
        self.count += b

    def arrays(self):
        layers = []
        for chunks in self.chunks:
            layers.append(chunks[0] if len(chunks) == 1 else numpy.concatenate(chunks))
            chunks.clear()
        return [numpy.ascontiguousarray(layer) for layer in layers]
