#!/usr/bin/env python3
"""`landscape bench train`'s protocol in PyTorch, for a side-by-side time on the same machine.

The paper's 25-network grid (h in 4, 8, 16, 32, 64 x L in 1, 3, 5, 7, 10 hidden h x h layers,
bias-free ReLU networks, PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) initialisation) on
FashionMNIST's first 10,000 training objects (pixels to [0, 1], then (x - 0.5)/0.5), Adam (lr 1e-3),
batch 64 reshuffled every epoch, 10 epochs, float32; then one batched loss pass per network (the
per-object losses the curves need). Prints one row per network and the whole wall time.

    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch   # the CPU wheel, from PyPI
    /tmp/torch/bin/python scripts/torch_bench_train.py --threads 2
"""
import argparse
import gzip
import struct
import time

import torch


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF  # IDX: 0, 0, type, number of dimensions
    shape = [struct.unpack(">I", data[4 + 4 * i : 8 + 4 * i])[0] for i in range(ndim)]
    return torch.frombuffer(bytearray(data[4 + 4 * ndim :]), dtype=torch.uint8).reshape(*shape)


def network(n, h, depth, k):
    layers = [torch.nn.Linear(n, h, bias=False), torch.nn.ReLU()]
    for _ in range(depth):
        layers += [torch.nn.Linear(h, h, bias=False), torch.nn.ReLU()]
    layers.append(torch.nn.Linear(h, k, bias=False))
    return torch.nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    images = idx(f"{args.data}/train-images-idx3-ubyte.gz")[: args.objects]
    labels = idx(f"{args.data}/train-labels-idx1-ubyte.gz")[: args.objects].long()
    x = (images.reshape(len(images), -1).float() / 255 - 0.5) / 0.5
    start = time.perf_counter()
    print("   h    N   seconds   train acc")
    for h in [4, 8, 16, 32, 64]:
        for depth in [1, 3, 5, 7, 10]:
            t0 = time.perf_counter()
            torch.manual_seed(h * 100 + depth)
            net = network(x.shape[1], h, depth, 10)
            optimiser = torch.optim.Adam(net.parameters(), lr=1e-3)
            loss = torch.nn.CrossEntropyLoss()
            generator = torch.Generator().manual_seed(0)
            for _ in range(args.epochs):
                order = torch.randperm(len(x), generator=generator)
                for i in range(0, len(x), 64):
                    batch = order[i : i + 64]
                    optimiser.zero_grad()
                    loss(net(x[batch]), labels[batch]).backward()
                    optimiser.step()
            with torch.no_grad():
                logits = net(x)
                torch.nn.functional.cross_entropy(logits, labels, reduction="none")
                accuracy = (logits.argmax(1) == labels).float().mean().item()
            print(f"{h:4d} {depth:4d} {time.perf_counter() - t0:9.3f} {accuracy:11.4f}")
    print(f"total: {time.perf_counter() - start:.2f} s wall, {args.threads} threads")


if __name__ == "__main__":
    main()
