#!/usr/bin/env python3
"""attack_check.py — FGSM and PGD written again in NumPy, on the weights a
run saved, against the accuracies ricciflow recorded (docs/method.md,
definition 14).

For a run folder of `ricci train --attack ...` (RUN): reads model.bin (its
format, docs/formats.md), the test inputs layer_0.npy, labels.npy, and from
metrics.json the attacks (config.attack), the clipping range (attack_range)
and the recorded accuracies (fgsm_accuracy_eps<EPS>, pgd_accuracy_eps<EPS>).
Then, in float64 with the float32 weights, independently of ricciflow's
tape: the forward pass (ReLU hidden layers, one logit with the sigmoid or C
logits with the softmax), the gradient of each point's own loss (binary or
categorical cross-entropy) by hand-written backpropagation, and

    FGSM  x' = clip(x + eps sign(g(x)), lo, hi)
    PGD   x_0 = x;  x_{t+1} = clip(min(max(x_t + a sign(g(x_t)), x - eps), x + eps), lo, hi)

(sign(0) = 0, no random start), and the accuracy on x' (logit > 0, or the
first largest logit). Prints one line per attack with both accuracies and
the number of test points whose prediction under attack differs, and exits
1 unless every accuracy agrees to the last test point (the same count of
correct points).

The gradient at the logits is taken in the forms without cancellation
(sigmoid(z) - 1 = -sigmoid(-z); softmax(z)_y - 1 = -sum of the other
probabilities), as ricciflow does: the gradient of a point classified with
confidence is then tiny but of the right sign, where the naive difference
would leave rounding noise, whose signs no two programs share.

With --torch, the gradient comes from PyTorch's autograd instead (float64;
its softmax gradient is the naive difference, so points classified with
confidence may get other signs there: a check of the rest, not to the last
point).

    python3 bench/attack_check.py RUN [--torch]
"""
import argparse
import json
import os
import struct
import sys

import numpy as np


def read_model(path):
    b = open(path, "rb").read()
    assert b[:8] == b"RICCIMLP", "not a ricciflow model file"
    count, = struct.unpack_from("<I", b, 12)
    sizes = struct.unpack_from("<%dI" % count, b, 16)
    offset = 16 + 4 * count
    weights, biases = [], []
    for l in range(count - 1):
        n = sizes[l] * sizes[l + 1]
        weights.append(np.frombuffer(b, "<f4", n, offset).reshape(sizes[l], sizes[l + 1]).astype(np.float64))
        offset += 4 * n
        biases.append(np.frombuffer(b, "<f4", sizes[l + 1], offset).astype(np.float64))
        offset += 4 * sizes[l + 1]
    return weights, biases


def forward(weights, biases, x):
    """The pre-activations of every layer and the logits."""
    pre, h = [], x
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = h @ w + b
        pre.append(z)
        h = np.maximum(z, 0) if l + 1 < len(weights) else z
    return pre, h


def input_gradient(weights, biases, x, y):
    """d loss_i / d x_i for every row i, by backpropagation."""
    pre, z = forward(weights, biases, x)
    # d loss / d z in the forms without cancellation (definition 14), so that
    # a confidently classified point's tiny gradient keeps its sign.
    if z.shape[1] == 1:
        dz = np.where(y[:, None] == 1, -1 / (1 + np.exp(z)), 1 / (1 + np.exp(-z)))  # sigmoid(z) - t
    else:
        m = z.max(axis=1, keepdims=True)
        lse = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))
        dz = np.exp(z - lse)  # softmax(z)
        rows = np.arange(len(y))
        dz[rows, y] = 0
        dz[rows, y] = -dz.sum(axis=1)  # softmax(z)_y - 1 = -sum of the others
    g = dz
    for l in range(len(weights) - 1, -1, -1):
        g = g @ weights[l].T
        if l > 0:
            g = g * (pre[l - 1] > 0)  # through the ReLU before layer l (0 at the kink, as PyTorch)
    return g


def input_gradient_torch(weights, biases, x, y):
    import torch
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    h = xt
    for l, (w, b) in enumerate(zip(weights, biases)):
        h = h @ torch.tensor(w) + torch.tensor(b)
        if l + 1 < len(weights):
            h = torch.relu(h)
    yt = torch.tensor(y)
    if h.shape[1] == 1:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], yt.double(), reduction="sum")
    else:
        loss = torch.nn.functional.cross_entropy(h, yt, reduction="sum")
    loss.backward()
    return xt.grad.numpy()


def attack(weights, biases, x, y, eps, steps, step, low, high, gradient):
    adv = x.copy()
    for _ in range(steps):
        adv = adv + step * np.sign(gradient(weights, biases, adv, y))
        adv = np.minimum(np.maximum(adv, x - eps), x + eps)
        adv = np.minimum(np.maximum(adv, low), high)
    return adv


def predictions(weights, biases, x):
    _, z = forward(weights, biases, x)
    return (z[:, 0] > 0).astype(np.int64) if z.shape[1] == 1 else np.argmax(z, axis=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run")
    parser.add_argument("--torch", action="store_true", help="input gradients from PyTorch's autograd")
    args = parser.parse_args()
    metrics = json.load(open(os.path.join(args.run, "metrics.json")))
    weights, biases = read_model(os.path.join(args.run, "model.bin"))
    x = np.load(os.path.join(args.run, "layer_0.npy")).astype(np.float64)
    y = np.load(os.path.join(args.run, "labels.npy"))
    low, high = metrics["attack_range"]
    gradient = input_gradient_torch if args.torch else input_gradient
    clean = predictions(weights, biases, x)
    agree = True
    for spec in metrics["config"]["attack"].split(";"):
        kind, rest = spec.split(":")
        radii, steps, step = [], 1, None
        for part in rest.split(","):
            if part.startswith("steps="):
                steps = int(part[6:])
            elif part.startswith("step="):
                step = float(part[5:])
            else:
                radii.append(part)
        for text in radii:
            eps = float(text)
            prefix = "%s_accuracy_eps" % kind
            column = next(c for c in metrics if c.startswith(prefix) and float(c[len(prefix):]) == eps)
            adv = attack(weights, biases, x, y, eps, steps if kind == "pgd" else 1, step if kind == "pgd" else eps,
                         low, high, gradient)
            predicted = predictions(weights, biases, adv)
            ours = float(np.mean(predicted == y))
            recorded = metrics[column]
            same = round(ours * len(y)) == round(recorded * len(y))
            agree = agree and same
            print("%s: ricciflow %.6f, numpy%s %.6f (%d of %d points correct), %d predictions changed by the attack %s"
                  % (column, recorded, "+torch" if args.torch else "", ours, int(np.sum(predicted == y)), len(y),
                     int(np.sum(predicted != clean)), "agree" if same else "DIFFER"))
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
