"""Small built-in training problems with analytic gradients.

Every problem generates its data from the seed (nothing is downloaded), splits it into a
training and a validation set, and exposes ``loss_grad`` (mini-batch loss and gradients)
and ``loss`` (full-set loss). Parameters are lists of float64 arrays, updated in place by
the optimizers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..texts import QT_TRANSLATE_NOOP
from .params import lookup

Params = list[np.ndarray]


class Problem:
    """Base class: data, initial parameters and the loss with its gradient."""

    name = ""
    summary = ""
    default_noise = 0.0
    noise_help = ""

    def __init__(self, train_size: int, val_size: int, noise: float | None, rng: np.random.Generator) -> None:
        self.noise = self.default_noise if noise is None else float(noise)
        X, y = self._generate(train_size + val_size, self.noise, rng)
        self.X_train, self.y_train = X[:train_size], y[:train_size]
        self.X_val, self.y_val = X[train_size:], y[train_size:]

    @property
    def train_size(self) -> int:
        return len(self.y_train)

    def _generate(self, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def initial_params(self, rng: np.random.Generator) -> Params:
        raise NotImplementedError

    def loss_grad(self, params: Sequence[np.ndarray], X: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
        raise NotImplementedError

    def loss(self, params: Sequence[np.ndarray], X: np.ndarray, y: np.ndarray) -> float:
        return self.loss_grad(params, X, y)[0]

    def train_loss(self, params: Sequence[np.ndarray]) -> float:
        return self.loss(params, self.X_train, self.y_train)

    def val_loss(self, params: Sequence[np.ndarray]) -> float:
        return self.loss(params, self.X_val, self.y_val)


class LinearRegression(Problem):
    """y = w·x + b with x far from 0, so (w, b) are correlated: elongated loss contours.

    Exactly two parameters, one array ``[w, b]``, so the path of the parameters can be drawn
    on the loss surface. Mean squared error (``torch.nn.MSELoss``).
    """

    name = "linear"
    summary = QT_TRANSLATE_NOOP("core", "linear regression, 2 parameters (w, b), elongated loss contours")
    default_noise = 0.5
    noise_help = QT_TRANSLATE_NOOP("core", "standard deviation of the target noise")
    TRUE_W, TRUE_B = 1.5, -0.5
    START = (-1.0, 2.5)

    def _generate(self, n, noise, rng):
        x = rng.normal(2.0, 1.0, n)
        y = self.TRUE_W * x + self.TRUE_B + noise * rng.normal(0.0, 1.0, n)
        return x, y

    def initial_params(self, rng):
        return [np.array(self.START, dtype=np.float64)]

    def loss_grad(self, params, X, y):
        w, b = params[0].tolist()  # Python floats: cheaper than numpy scalars in the hot path
        r = w * X + b - y
        n = len(r)
        loss = float(np.dot(r, r)) / n
        scale = 2.0 / n
        return loss, [np.array([scale * float(np.dot(r, X)), scale * float(r.sum())])]

    def loss(self, params, X, y):
        w, b = params[0].tolist()
        r = w * X + b - y
        return float(np.dot(r, r)) / len(r)

    def optimum(self) -> tuple[np.ndarray, float]:
        """Least-squares parameters on the training set and their training loss."""
        A = np.column_stack([self.X_train, np.ones_like(self.X_train)])
        theta, *_ = np.linalg.lstsq(A, self.y_train, rcond=None)
        return theta, self.loss([theta], self.X_train, self.y_train)


class LogisticRegression(Problem):
    """Two overlapping Gaussian classes in 2-D; binary cross-entropy on a linear score."""

    name = "logistic"
    summary = QT_TRANSLATE_NOOP("core", "2-class logistic regression on overlapping 2-D Gaussian blobs")
    default_noise = 1.0
    noise_help = QT_TRANSLATE_NOOP("core", "standard deviation of each class blob (more = more overlap)")
    CENTERS = np.array([[-1.0, -0.5], [1.0, 0.5]])

    def _generate(self, n, noise, rng):
        y = rng.integers(0, 2, n).astype(np.float64)
        X = self.CENTERS[y.astype(int)] + noise * rng.normal(0.0, 1.0, (n, 2))
        return X, y

    def initial_params(self, rng):
        return [rng.normal(0.0, 1.0, 2), np.zeros(1)]

    def loss_grad(self, params, X, y):
        w, b = params
        z = X @ w + b[0]
        loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
        d = (_sigmoid(z) - y) / len(y)
        return loss, [X.T @ d, np.array([d.sum()])]

    def loss(self, params, X, y):
        w, b = params
        z = X @ w + b[0]
        return float(np.mean(np.logaddexp(0.0, z) - y * z))


class SpiralMLP(Problem):
    """A 2-32-32-3 tanh network classifying a 3-arm spiral: non-convex, with plateaus."""

    name = "mlp"
    summary = QT_TRANSLATE_NOOP("core", "multi-layer perceptron (2-32-32-3, tanh) on a 3-class spiral")
    default_noise = 0.4
    noise_help = QT_TRANSLATE_NOOP("core", "angular jitter of the spiral points (radians)")
    CLASSES = 3
    HIDDEN = 32

    def _generate(self, n, noise, rng):
        y = rng.integers(0, self.CLASSES, n)
        r = rng.uniform(0.05, 1.0, n)
        theta = 4.0 * r + y * (2.0 * np.pi / self.CLASSES) + noise * rng.normal(0.0, 1.0, n)
        X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
        return X, y

    def initial_params(self, rng):
        sizes = [2, self.HIDDEN, self.HIDDEN, self.CLASSES]
        params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            limit = np.sqrt(6.0 / (fan_in + fan_out))  # Glorot uniform, suited to tanh
            params.append(rng.uniform(-limit, limit, (fan_in, fan_out)))
            params.append(np.zeros(fan_out))
        return params

    def _forward(self, params, X):
        W1, b1, W2, b2, W3, b3 = params
        h1 = np.tanh(X @ W1 + b1)
        h2 = np.tanh(h1 @ W2 + b2)
        logits = h2 @ W3 + b3
        return h1, h2, logits

    @staticmethod
    def _log_softmax(logits):
        shifted = logits - logits.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def loss_grad(self, params, X, y):
        W1, b1, W2, b2, W3, b3 = params
        h1, h2, logits = self._forward(params, X)
        logp = self._log_softmax(logits)
        n = len(y)
        rows = np.arange(n)
        loss = float(-logp[rows, y].mean())
        d3 = np.exp(logp)
        d3[rows, y] -= 1.0
        d3 /= n
        d2 = (d3 @ W3.T) * (1.0 - h2 * h2)
        d1 = (d2 @ W2.T) * (1.0 - h1 * h1)
        return loss, [X.T @ d1, d1.sum(axis=0), h1.T @ d2, d2.sum(axis=0), h2.T @ d3, d3.sum(axis=0)]

    def loss(self, params, X, y):
        logp = self._log_softmax(self._forward(params, X)[2])
        return float(-logp[np.arange(len(y)), y].mean())


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function without overflow for large |z| (tanh saturates instead of exp)."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


PROBLEMS: dict[str, type[Problem]] = {
    cls.name: cls for cls in (LinearRegression, LogisticRegression, SpiralMLP)
}


def problem_class(name: str) -> type[Problem]:
    return lookup(PROBLEMS, name, "problem")


def problem_help() -> str:
    return "\n".join(
        f"  {name}: {cls.summary}\n      noise: {cls.noise_help} (default {cls.default_noise:g})"
        for name, cls in PROBLEMS.items()
    )
