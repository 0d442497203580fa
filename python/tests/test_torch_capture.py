"""ricciflow.capture on PyTorch models: the ReLU outputs of a model that is
not a Sequential, computed by hand, in eval mode, its training mode kept.
Skips when torch is not installed."""

import unittest

import numpy

import ricciflow

try:
    import torch
except ImportError:
    torch = None


def two_block_model():
    """Not a Sequential: two Linear + ReLU blocks, Dropout between them, a
    classifier head, and a forward() of its own."""

    class TwoBlocks(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.first = torch.nn.Linear(3, 8)
            self.first_relu = torch.nn.ReLU()
            self.dropout = torch.nn.Dropout(0.5)
            self.second = torch.nn.Linear(8, 5)
            self.second_relu = torch.nn.ReLU()
            self.head = torch.nn.Linear(5, 1)

        def forward(self, x):
            h = self.first_relu(self.first(x))
            h = self.second_relu(self.second(self.dropout(h)))
            return self.head(h)

    torch.manual_seed(0)
    return TwoBlocks()


@unittest.skipIf(torch is None, "PyTorch (torch) is not installed: the capture test is skipped")
class Capture(unittest.TestCase):

    def test_relu_outputs_by_hand(self):
        model = two_block_model()
        x = torch.randn(20, 3)
        layers = ricciflow.capture(model, x)
        self.assertEqual(len(layers), 3)
        with torch.no_grad():  # eval mode: the dropout is the identity
            h1 = torch.relu(model.first(x))
            h2 = torch.relu(model.second(h1))
        for got, expected in zip(layers, (x, h1, h2)):
            self.assertIsInstance(got, numpy.ndarray)
            self.assertEqual(got.dtype, numpy.float32)
            self.assertTrue(got.flags["C_CONTIGUOUS"])
            numpy.testing.assert_array_equal(got, expected.numpy())

    def test_training_mode_is_restored(self):
        model = two_block_model()
        model.train()
        x = torch.randn(20, 3)
        first, second = ricciflow.capture(model, x), ricciflow.capture(model, x)
        for a, b in zip(first, second):  # no dropout: the same outputs twice
            numpy.testing.assert_array_equal(a, b)
        self.assertTrue(model.training)
        self.assertTrue(model.dropout.training)
        model.eval()
        ricciflow.capture(model, x)
        self.assertFalse(model.training)

    def test_no_hooks_and_no_gradients_left(self):
        model = two_block_model()
        x = torch.randn(10, 3, requires_grad=True)
        ricciflow.capture(model, x)
        self.assertEqual(len(model.first_relu._forward_hooks), 0)
        self.assertIsNone(model.first.weight.grad)

    def test_images_are_flattened_and_analysed(self):
        torch.manual_seed(1)
        model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.Flatten(),
                                    torch.nn.Linear(2 * 4 * 4, 6), torch.nn.ReLU())
        x = torch.randn(30, 1, 6, 6, dtype=torch.float64)  # converted to the model's float32
        layers = ricciflow.capture(model, x)
        self.assertEqual([layer.shape for layer in layers], [(30, 36), (30, 32), (30, 6)])
        result = ricciflow.analyze(layers, k=[4])
        self.assertEqual(result["layers"]["layer"].tolist(), [0, 1, 2])

    def test_functional_relu_is_refused(self):
        class Functional(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.linear = torch.nn.Linear(3, 4)

            def forward(self, x):
                return torch.nn.functional.relu(self.linear(x))

        with self.assertRaisesRegex(ValueError, "no torch.nn.ReLU module"):
            ricciflow.capture(Functional(), torch.randn(5, 3))


if __name__ == "__main__":
    unittest.main()
