#!/usr/bin/env python3
"""Test accuracy of one ordering trained by PyTorch on Fashion-MNIST IDX files: an independent implementation of
the network ordersweep trains (the bench's torch_bench.build), to check that ordersweep's accuracy means what it
says. Same data, model, optimiser (Adam), batch size, epochs and dropout; minibatches reshuffled every epoch; its
own initial weights and random streams, so results agree in distribution over seeds, not digit for digit.

    torch_accuracy.py --data /usr/share/datasets/fashion-mnist --ordering conv,bn,act,pool,dropout \
        --filters 32,64 --dense 128 --epochs 2 --batch 64 --seeds 0,1,2 [--threads 1]

Prints one JSON line: the accuracy per seed and their mean.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import build  # noqa: E402  the same network as the bench's PyTorch side


def read_idx(folder, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                return f.read()
    raise FileNotFoundError(os.path.join(folder, name))


def load(folder, prefix):
    import torch
    images = read_idx(folder, prefix + "-images-idx3-ubyte")
    labels = read_idx(folder, prefix + "-labels-idx1-ubyte")
    n, rows, cols = struct.unpack(">3i", images[4:16])
    x = torch.frombuffer(bytearray(images[16:16 + n * rows * cols]), dtype=torch.uint8).float().div(255)
    y = torch.frombuffer(bytearray(labels[8:8 + n]), dtype=torch.uint8).long()
    return x.reshape(n, 1, rows, cols), y


def train_and_test(spec, train, test, epochs, seed):
    import torch
    import torch.nn as nn
    torch.manual_seed(seed)
    x, y = train
    model = build(spec, tuple(x.shape[1:]))
    optimiser = torch.optim.Adam(model.parameters(), lr=spec["learning_rate"])
    loss_fn = nn.CrossEntropyLoss()
    b = spec["batch"]
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), b):
            idx = order[i:i + b]
            optimiser.zero_grad(set_to_none=True)
            loss_fn(model(x[idx]), y[idx]).backward()
            optimiser.step()
    model.eval()
    tx, ty = test
    correct = 0
    with torch.no_grad():
        for i in range(0, len(tx), 256):
            correct += (model(tx[i:i + 256]).argmax(1) == ty[i:i + 256]).sum().item()
    return correct / len(tx)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True)
    p.add_argument("--ordering", default="conv,bn,act,pool,dropout")
    p.add_argument("--activation", default="relu")
    p.add_argument("--filters", default="32,64")
    p.add_argument("--dense", type=int, default=128)
    p.add_argument("--dropout", type=float, default=0.25)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--learning-rate", type=float, default=0.001)
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    import torch
    torch.set_num_threads(a.threads)
    spec = {"ordering": a.ordering.split(","), "activation": a.activation,
            "filters": [int(f) for f in a.filters.split(",")], "kernel": [3, 3], "pool": [2, 2],
            "dropout": a.dropout, "dense": a.dense, "classes": 10, "batch": a.batch, "learning_rate": a.learning_rate}
    train, test = load(a.data, "train"), load(a.data, "t10k")
    t0 = time.perf_counter()
    accuracies = [train_and_test(spec, train, test, a.epochs, int(s)) for s in a.seeds.split(",")]
    print(json.dumps({"torch": torch.__version__, "ordering": a.ordering, "epochs": a.epochs,
                      "train_examples": len(train[0]), "test_examples": len(test[0]), "accuracies": accuracies,
                      "mean": sum(accuracies) / len(accuracies), "seconds": time.perf_counter() - t0}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
