"""capture(model, x): the layers of a PyTorch model for ricciflow.analyze.

Forward hooks on every torch.nn.ReLU module of any nn.Module (Sequential or
not), in the order the forward pass calls them, record their outputs for
the input x. The model runs once in eval() mode under torch.no_grad(); its
training mode is restored afterwards. Outputs are flattened to one row per
point, moved to the CPU and converted to float32 NumPy arrays.

A ReLU applied as a function (torch.relu, F.relu, x.relu()) is not a module
and cannot be hooked: capture() sees only nn.ReLU modules, and raises
ValueError when the model has none. Write such models with nn.ReLU (one
module per use: a module called twice records two layers).
"""

__all__ = ["capture"]


def capture(model, x):
    """[x, relu_1(...), ..., relu_L(...)] as float32 NumPy arrays, n rows each.

    Parameters
    ----------
    model : torch.nn.Module with nn.ReLU modules.
    x : torch.Tensor (n x ...) or array-like, the points; it goes to the
        device of the model's first parameter.

    Returns
    -------
    list of NumPy arrays, the input first, then each ReLU output in call
    order, each reshaped to (n, features): the `layers` of ricciflow.analyze.
    """
    try:
        import torch
    except ImportError as error:
        raise ImportError("ricciflow.capture needs PyTorch (torch)") from error
    relus = [module for module in model.modules() if isinstance(module, torch.nn.ReLU)]
    if not relus:
        raise ValueError("capture: the model has no torch.nn.ReLU module (a functional relu cannot be hooked)")
    x = torch.as_tensor(x)
    parameter = next(model.parameters(), None)
    if parameter is not None:
        x = x.to(device=parameter.device, dtype=parameter.dtype if x.is_floating_point() else None)

    outputs = []

    def record(module, inputs, output):
        outputs.append(output.detach())

    hooks = [relu.register_forward_hook(record) for relu in relus]
    training = model.training
    try:
        model.eval()
        with torch.no_grad():
            model(x)
    finally:
        for hook in hooks:
            hook.remove()
        model.train(training)
    n = x.shape[0]
    return [as_rows(x, n)] + [as_rows(output, n) for output in outputs]


def as_rows(tensor, n):
    """A tensor as an (n, features) C-contiguous float32 NumPy array on the CPU."""
    import torch
    return tensor.detach().to(device="cpu", dtype=torch.float32).reshape(n, -1).contiguous().numpy()
