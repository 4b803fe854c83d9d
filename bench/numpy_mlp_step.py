#!/usr/bin/env python3
"""Issue 6's stretch baseline: the MLP's SGD step derived by hand in numpy, on OpenBLAS, one thread.

Not part of the Java build. The suite (dev.nnc.bench.Suite) runs it in every mlp round, on
the problem it writes to a directory: the same batch and initial weights as every other
MLP benchmark (MlpProblem.fashion()), as raw little-endian files:

    python3 bench/numpy_mlp_step.py DIR [--seconds S] [--keep-env]
    python3 bench/numpy_mlp_step.py --check

DIR holds problem.txt (the layer sizes, then the batch size, then the learning rate, on one
line) and x.f32 (batch x inputs), y.i32 (the labels), w0.f32, b0.f32, w1.f32, ... (layer l's
weights, inputs x outputs, and biases). It prints the losses of the first five steps from
the initial weights (the suite compares them with the Java baselines' before it counts the
figure), then the examples per second: the mean over S one-second rounds (default 3), each
starting again from the initial weights, as JMH's iterations do, after one second of
warm-up. --check instead compares the step's gradients with central differences on a small
network in double precision, and exits non-zero if they differ.

The step is what a careful numpy user writes: float32 throughout, every intermediate in a
buffer allocated once (out=), matrix products through np.matmul (OpenBLAS sgemm), a softmax
cross-entropy averaged over the batch, relu, plain SGD. OpenBLAS picks its kernel for this
CPU: this machine's environment sets OPENBLAS_CORETYPE=Haswell (and OPENBLAS_L2_SIZE), which
forces AVX2 kernels and halves its speed, so both are removed before numpy loads, as in
bench/openblas_sgemm.py; --keep-env measures with them.
"""
import os
import sys
import time

if "--keep-env" not in sys.argv:
    os.environ.pop("OPENBLAS_CORETYPE", None)
    os.environ.pop("OPENBLAS_L2_SIZE", None)
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402  (after the environment is set)


class Step:
    """Forward, backward and SGD update of a relu MLP with a softmax cross-entropy loss."""

    def __init__(self, weights, biases, x, y, lr):
        dtype = x.dtype
        self.initial = [(w.copy(), b.copy()) for w, b in zip(weights, biases)]
        self.w = [w.copy() for w in weights]
        self.b = [b.copy() for b in biases]
        self.x = x
        self.y = y
        self.lr = dtype.type(lr)
        batch = x.shape[0]
        self.rows = np.arange(batch)
        outs = [w.shape[1] for w in weights]
        self.z = [np.empty((batch, n), dtype) for n in outs]  # pre-activations; the last: logits
        self.h = [np.empty((batch, n), dtype) for n in outs[:-1]]  # relu(z)
        self.mask = [np.empty((batch, n), bool) for n in outs[:-1]]
        self.g = [np.empty((batch, n), dtype) for n in outs]  # d loss / d z
        self.dw = [np.empty_like(w) for w in weights]
        self.db = [np.empty_like(b) for b in biases]
        self.top = np.empty((batch, 1), dtype)
        self.total = np.empty((batch, 1), dtype)

    def reset(self):
        for l, (w, b) in enumerate(self.initial):
            self.w[l][...] = w
            self.b[l][...] = b

    def gradients(self):
        """Forward and backward into dw and db; returns the mean loss."""
        layers = len(self.w)
        a = self.x
        for l in range(layers):
            np.matmul(a, self.w[l], out=self.z[l])
            self.z[l] += self.b[l]
            if l < layers - 1:
                np.maximum(self.z[l], 0, out=self.h[l])
                a = self.h[l]
        logits = self.z[-1]
        g = self.g[-1]
        # Softmax and cross-entropy, stable: p = exp(z - max) / sum, loss = log(sum) + max - z[y].
        np.max(logits, axis=1, keepdims=True, out=self.top)
        np.subtract(logits, self.top, out=g)
        np.exp(g, out=g)
        np.sum(g, axis=1, keepdims=True, out=self.total)
        loss = np.mean(np.log(self.total[:, 0]) + self.top[:, 0] - logits[self.rows, self.y])
        g /= self.total
        g[self.rows, self.y] -= 1
        g /= g.shape[0]
        for l in range(layers - 1, -1, -1):
            below = self.x if l == 0 else self.h[l - 1]
            np.matmul(below.T, self.g[l], out=self.dw[l])
            np.sum(self.g[l], axis=0, out=self.db[l])
            if l > 0:
                np.matmul(self.g[l], self.w[l].T, out=self.g[l - 1])
                np.greater(self.z[l - 1], 0, out=self.mask[l - 1])
                np.multiply(self.g[l - 1], self.mask[l - 1], out=self.g[l - 1])
        return loss

    def update(self):
        for l in range(len(self.w)):
            np.multiply(self.dw[l], self.lr, out=self.dw[l])
            self.w[l] -= self.dw[l]
            np.multiply(self.db[l], self.lr, out=self.db[l])
            self.b[l] -= self.db[l]

    def step(self):
        loss = self.gradients()
        self.update()
        return loss


def load(directory):
    with open(os.path.join(directory, "problem.txt")) as f:
        numbers = f.read().split()
    sizes = [int(s) for s in numbers[:-2]]
    batch = int(numbers[-2])
    lr = float(numbers[-1])

    def read(name, dtype, shape):
        data = np.fromfile(os.path.join(directory, name), dtype=dtype)
        if data.size != int(np.prod(shape)):
            sys.exit(f"numpy_mlp_step.py: {name} holds {data.size} numbers, not {int(np.prod(shape))}")
        return data.reshape(shape).astype(dtype.newbyteorder("="))

    f32 = np.dtype("<f4")
    weights = [read(f"w{l}.f32", f32, (sizes[l], sizes[l + 1])) for l in range(len(sizes) - 1)]
    biases = [read(f"b{l}.f32", f32, (sizes[l + 1],)) for l in range(len(sizes) - 1)]
    x = read("x.f32", f32, (batch, sizes[0]))
    y = read("y.i32", np.dtype("<i4"), (batch,))
    return Step(weights, biases, x, y, lr)


def measure(step, rounds):
    step.reset()
    warm_until = time.perf_counter() + 1.0
    while time.perf_counter() < warm_until:
        step.step()
    rates = []
    for _ in range(rounds):
        step.reset()
        steps = 0
        start = time.perf_counter()
        while True:
            step.step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= 1.0:
                break
        rates.append(step.x.shape[0] * steps / elapsed)
    return sum(rates) / len(rates)


def check():
    """The step's gradients against central differences, on a small network in float64."""
    rng = np.random.default_rng(7)
    sizes = [5, 4, 3, 3]
    weights = [rng.uniform(-1, 1, (sizes[l], sizes[l + 1])) for l in range(3)]
    biases = [rng.uniform(-0.5, 0.5, sizes[l + 1]) for l in range(3)]
    x = rng.uniform(0, 1, (6, sizes[0]))
    y = rng.integers(0, sizes[-1], 6).astype(np.int32)
    step = Step(weights, biases, x, y, 0.1)
    step.gradients()
    analytic = [d.copy() for d in step.dw] + [d.copy() for d in step.db]
    params = step.w + step.b
    worst = 0.0
    h = 1e-6
    for p, grad in zip(params, analytic):
        for i in np.ndindex(p.shape):
            saved = p[i]
            p[i] = saved + h
            up = step.gradients()
            p[i] = saved - h
            down = step.gradients()
            p[i] = saved
            numeric = (up - down) / (2 * h)
            worst = max(worst, abs(numeric - grad[i]) / max(1.0, abs(numeric)))
    print(f"largest difference from central differences: {worst:.2e}")
    if worst > 1e-6:
        sys.exit("numpy_mlp_step.py: the gradients disagree with central differences")


def main():
    args = [a for a in sys.argv[1:] if a != "--keep-env"]
    if args == ["--check"]:
        check()
        return
    rounds = 3
    if "--seconds" in args:
        at = args.index("--seconds")
        rounds = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    step = load(args[0])
    step.reset()
    print("losses: " + " ".join(f"{step.step():.7f}" for _ in range(5)))
    print(f"numpy {np.__version__}, 1 thread (OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', 'unset')})")
    print(f"examples/s: {measure(step, rounds):.1f}")


if __name__ == "__main__":
    main()
