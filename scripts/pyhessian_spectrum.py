"""What a researcher would run instead of `landscape bench spectrum`: PyHessian on CPU, one thread,
on the very network and objects the benchmark trained (written by `landscape bench spectrum
--export DIR`). Times the top eigenvalue (power iteration, tol 1e-3), Hutchinson's trace with the
same number of probes, and the SLQ density (10 runs x 80 steps).

    python3 -m venv venv && venv/bin/pip install torch pyhessian
    landscape bench spectrum --export /tmp/spectrum
    venv/bin/python scripts/pyhessian_spectrum.py /tmp/spectrum --probes 100

PyHessian 0.1's density() calls torch.eig, which current torch has removed; torch.linalg.eigh
(the tridiagonal is symmetric) stands in for it.
"""

import argparse
import json
import struct
import time

import numpy as np
import torch
from pyhessian import hessian


def load_safetensors(path):
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"]).copy())
    return tensors, meta


def network(tensors, meta):
    layers = []
    count = len([k for k in tensors if not k.startswith("init.") and k.endswith(".weight")])
    bias = meta.get("bias") == "true"
    for p in range(count):
        w = tensors[f"{2 * p}.weight"]
        linear = torch.nn.Linear(w.shape[1], w.shape[0], bias=bias)
        layers.append(linear)
        if p < count - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    model.load_state_dict({k: v for k, v in tensors.items() if not k.startswith("init.")})
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--probes", type=int, default=100)
    args = parser.parse_args()
    torch.set_num_threads(1)
    tensors, meta = load_safetensors(f"{args.folder}/network.safetensors")
    model = network(tensors, meta)
    x = torch.from_numpy(np.load(f"{args.folder}/inputs.npy")).float()
    y = torch.from_numpy(np.load(f"{args.folder}/labels.npy")).long()
    criterion = torch.nn.CrossEntropyLoss()
    if True:  # torch.eig is a stub that raises in current torch

        def eig(a, eigenvectors=False):
            values, vectors = torch.linalg.eigh(a)
            return torch.stack([values, torch.zeros_like(values)], 1), vectors

        torch.eig = eig
    h = hessian(model, criterion, data=(x, y), cuda=False)
    print(f"network: {sum(p.numel() for p in model.parameters())} parameters, {len(y)} objects, torch {torch.__version__}, one thread")
    from pyhessian.utils import hessian_vector_product

    v = [torch.randn_like(p) for p in h.params]
    t0 = time.perf_counter()
    hessian_vector_product(h.gradsH, h.params, v)
    print(f"one H·v: {time.perf_counter() - t0:.3f} s")
    t0 = time.perf_counter()
    top, _ = h.eigenvalues(top_n=1, tol=1e-3)
    print(f"top eigenvalue (power iteration, tol 1e-3): {time.perf_counter() - t0:.3f} s  ({top[0]:.6g})")
    t0 = time.perf_counter()
    trace = h.trace(maxIter=args.probes, tol=0.0)
    print(f"Hutchinson trace, {len(trace)} probes: {time.perf_counter() - t0:.3f} s  ({np.mean(trace):.6g})")
    t0 = time.perf_counter()
    eigen, weights = h.density(iter=80, n_v=10)
    print(f"SLQ density, 10 runs x 80 steps: {time.perf_counter() - t0:.3f} s  (range {np.min(eigen):.4g} … {np.max(eigen):.4g})")


if __name__ == "__main__":
    main()
