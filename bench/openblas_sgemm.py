#!/usr/bin/env python3
"""Reference line for GemmBenchmark: numpy's OpenBLAS sgemm, one thread, same shapes.

Not part of the Java build. Run it on its own (never alongside the JMH run, which would
share the cores):

    python3 bench/openblas_sgemm.py [SHAPE ...]

Names of shapes (square_nn, fc1_forward, ...) measure those only; by default, all.

OpenBLAS picks its kernel for this CPU: this machine's environment sets
OPENBLAS_CORETYPE=Haswell (and OPENBLAS_L2_SIZE), which forces AVX2 kernels and halves its
speed, so both are removed here before numpy loads. --keep-env measures with them.
"""
import os
import sys
import time

if "--keep-env" not in sys.argv:
    os.environ.pop("OPENBLAS_CORETYPE", None)
    os.environ.pop("OPENBLAS_L2_SIZE", None)
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402  (after the environment is set)

# name, form, m, n, k: the same list as dev.nnc.bench.GemmShape.
SHAPES = [
    ("fc1_forward", "NN", 128, 256, 784),
    ("fc1_weight_grad", "TN", 784, 256, 128),
    ("fc1_input_grad", "NT", 128, 784, 256),
    ("fc2_forward", "NN", 128, 128, 256),
    ("fc2_weight_grad", "TN", 256, 128, 128),
    ("fc2_input_grad", "NT", 128, 256, 128),
    ("fc3_forward", "NN", 128, 10, 128),
    ("fc3_weight_grad", "TN", 128, 10, 128),
    ("fc3_input_grad", "NT", 128, 128, 10),
    ("square_nn", "NN", 1024, 1024, 1024),
    ("square_tn", "TN", 1024, 1024, 1024),
    ("square_nt", "NT", 1024, 1024, 1024),
]


def measure(form, m, n, k, seconds=1.0):
    rng = np.random.default_rng(2024)
    # Stored operands as GemmBenchmark stores them; transposes are views, which numpy hands
    # to sgemm as a transpose flag without copying.
    a = rng.standard_normal((k, m) if form[0] == "T" else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if form[1] == "T" else (k, n), dtype=np.float32)
    op_a = a.T if form[0] == "T" else a
    op_b = b.T if form[1] == "T" else b
    c = np.empty((m, n), dtype=np.float32)
    warm_until = time.perf_counter() + seconds
    while time.perf_counter() < warm_until:
        np.matmul(op_a, op_b, out=c)
    # The mean time per call over a few seconds, as JMH's average-time mode reports it.
    calls = 0
    start = time.perf_counter()
    while True:
        np.matmul(op_a, op_b, out=c)
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= 3 * seconds:
            break
    return 2.0 * m * n * k * calls / elapsed / 1e9


def openblas_core():
    """The kernel family OpenBLAS chose at load time (numpy's show_config only knows the
    build's), read from the bundled library; best effort."""
    import ctypes
    import glob
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs",
                                  "*openblas*.so*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                     "openblas_get_corename"):
            if hasattr(lib, name):
                getter = getattr(lib, name)
                getter.restype = ctypes.c_char_p
                return getter().decode()
    return "unknown"


def main():
    wanted = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    unknown = sorted(set(wanted) - {shape[0] for shape in SHAPES})
    if unknown:
        sys.exit(f"openblas_sgemm.py: no shape named {', '.join(unknown)}; the shapes are "
                 f"{', '.join(shape[0] for shape in SHAPES)}")
    config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print(f"numpy {np.__version__}, {config.get('name')} {config.get('version')} with its "
          f"{openblas_core()} kernels (OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', 'unset')}), 1 thread, "
          f"mean over 3 s per shape after 1 s of warm-up")
    print()
    print("| product | form | m x n x k | OpenBLAS GFLOP/s |")
    print("| --- | --- | --- | ---: |")
    for name, form, m, n, k in SHAPES:
        if not wanted or name in wanted:
            print(f"| {name} | {form} | {m} x {n} x {k} | {measure(form, m, n, k):.1f} |")


if __name__ == "__main__":
    main()
