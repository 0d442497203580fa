"""ricciflow.capture on PyTorch models: the activations of a model that is
not a Sequential, computed by hand, in eval mode, every submodule's
training mode kept, in-place ReLUs, integer input, batches and DataLoaders.
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

        with self.assertRaisesRegex(ValueError, "^capture: the model has no activation module .*give modules="):
            ricciflow.capture(Functional(), torch.randn(5, 3))
        model = Functional()  # its Linear named instead: the pre-activations
        x = torch.randn(5, 3)
        layers = ricciflow.capture(model, x, modules=[model.linear])
        with torch.no_grad():
            numpy.testing.assert_array_equal(layers[1], model.linear(x).numpy())

    def test_every_submodule_keeps_its_own_mode(self):
        torch.manual_seed(2)
        model = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(),
                                    torch.nn.Dropout(0.5), torch.nn.Linear(6, 2))
        model.train()
        model[1].eval()  # a frozen batch norm in a model that trains
        running_mean = model[1].running_mean.clone()
        ricciflow.capture(model, torch.randn(20, 3))
        self.assertEqual([m.training for m in model.modules()], [True, True, False, True, True, True])
        torch.testing.assert_close(model[1].running_mean, running_mean, rtol=0, atol=0)  # run in eval mode

    def test_inplace_relu_is_recorded_before_later_inplace_operations(self):
        class AddOneInPlace(torch.nn.Module):
            def forward(self, x):
                return x.add_(1.0)

        torch.manual_seed(3)
        model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(inplace=True), AddOneInPlace(),
                                    torch.nn.Linear(5, 4), torch.nn.ReLU(inplace=True), AddOneInPlace())
        x = torch.randn(12, 3)
        layers = ricciflow.capture(model, x)
        with torch.no_grad():
            h1 = torch.relu(model[0](x))
            h2 = torch.relu(model[3](h1 + 1.0))
        numpy.testing.assert_array_equal(layers[1], h1.numpy())
        numpy.testing.assert_array_equal(layers[2], h2.numpy())

    def test_integer_images_are_cast_to_float(self):
        torch.manual_seed(4)
        model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(16, 5), torch.nn.ReLU())
        images = torch.randint(0, 256, (10, 1, 4, 4), dtype=torch.uint8)
        layers = ricciflow.capture(model, images)
        expected_input = images.reshape(10, 16).float()  # cast, not scaled
        numpy.testing.assert_array_equal(layers[0], expected_input.numpy())
        with torch.no_grad():
            numpy.testing.assert_array_equal(layers[1], torch.relu(model[1](expected_input)).numpy())
        layers = ricciflow.capture(model, images.numpy())  # a NumPy uint8 array too
        numpy.testing.assert_array_equal(layers[0], expected_input.numpy())

    def test_the_usual_activations_are_hooked(self):
        torch.manual_seed(5)
        activations = [torch.nn.ReLU(), torch.nn.LeakyReLU(0.1), torch.nn.GELU(), torch.nn.Tanh(),
                       torch.nn.Sigmoid(), torch.nn.ELU(), torch.nn.SiLU()]
        self.assertEqual([type(a).__name__ for a in activations], list(ricciflow.ACTIVATIONS))
        blocks = []
        for activation in activations:
            blocks += [torch.nn.Linear(4, 4), activation]
        model = torch.nn.Sequential(*blocks)
        x = torch.randn(15, 4)
        layers = ricciflow.capture(model, x)
        self.assertEqual(len(layers), 1 + len(activations))
        h = x
        with torch.no_grad():
            for l in range(len(activations)):
                h = model[2 * l + 1](model[2 * l](h))
                numpy.testing.assert_array_equal(layers[l + 1], h.numpy(), type(model[2 * l + 1]).__name__)

    def test_modules_given_by_object_or_class(self):
        model = two_block_model().eval()  # model(x) below without dropout
        x = torch.randn(9, 3)
        by_class = ricciflow.capture(model, x, modules=[torch.nn.Linear])
        self.assertEqual([layer.shape[1] for layer in by_class], [3, 8, 5, 1])
        with torch.no_grad():
            numpy.testing.assert_array_equal(by_class[3], model(x).numpy())
        by_object = ricciflow.capture(model, x, modules=[model.second_relu])
        self.assertEqual(len(by_object), 2)
        numpy.testing.assert_array_equal(by_object[1], ricciflow.capture(model, x)[2])
        with self.assertRaisesRegex(ValueError, "^modules: ReLU is not a module of the model$"):
            ricciflow.capture(model, x, modules=[torch.nn.ReLU()])
        with self.assertRaisesRegex(TypeError, "^modules: expected modules of the model or module classes"):
            ricciflow.capture(model, x, modules=["second_relu"])

    def batch_by_batch(self, model, x, size):
        """The ReLU outputs by hand, batch by batch (as capture's batches)."""
        h1, h2 = [], []
        with torch.no_grad():
            for start in range(0, len(x), size):
                batch = x[start:start + size]
                h1.append(torch.relu(model.first(batch)))
                h2.append(torch.relu(model.second(h1[-1])))
        return [x.numpy(), torch.cat(h1).numpy(), torch.cat(h2).numpy()]

    def test_batches_of_a_tensor_and_of_a_data_loader(self):
        model = two_block_model()
        x = torch.randn(23, 3)
        expected = self.batch_by_batch(model, x, 5)
        for layers in (ricciflow.capture(model, x, batch_size=5),
                       ricciflow.capture(model, torch.utils.data.DataLoader(
                           torch.utils.data.TensorDataset(x, torch.zeros(23)), batch_size=5))):
            self.assertEqual(len(layers), 3)
            for got, want in zip(layers, expected):
                self.assertTrue(got.flags["C_CONTIGUOUS"])
                numpy.testing.assert_array_equal(got, want)
        with self.assertRaisesRegex(ValueError, "^batch_size: applies to a tensor"):
            ricciflow.capture(model, torch.utils.data.DataLoader(x, batch_size=5), batch_size=5)
        with self.assertRaisesRegex(ValueError, "^batch_size: expected a whole number from 1, got 0$"):
            ricciflow.capture(model, x, batch_size=0)
        with self.assertRaisesRegex(TypeError, "^x: expected batches of points .* got a batch of dict$"):
            ricciflow.capture(model, iter([{"image": x}]))  # a loader of dicts
        with self.assertRaisesRegex(TypeError, "^capture: unknown keyword 'batchsize'; did you mean 'batch_size'"):
            ricciflow.capture(model, x, batchsize=5)


if __name__ == "__main__":
    unittest.main()
