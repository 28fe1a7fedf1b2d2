#!/usr/bin/env python3
"""Rebuilds the embedded default dataset: a stratified, deterministic subset of Fashion-MNIST.

Takes the first N images of each class, in file order, from the full IDX files (Debian package
dataset-fashion-mnist) and writes them, interleaved by class, as gzipped IDX files into the jar's
resources. Usage: jobs/make-embedded-subset.py [SOURCE_DIR] [TRAIN_PER_CLASS] [TEST_PER_CLASS]
"""
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
TRAIN_PER_CLASS = int(sys.argv[2]) if len(sys.argv) > 2 else 400
TEST_PER_CLASS = int(sys.argv[3]) if len(sys.argv) > 3 else 100
DEST = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources",
                    "org", "ordersweep", "data", "fashion-mnist-subset")


def read(prefix):
    with gzip.open(os.path.join(SRC, prefix + "-images-idx3-ubyte.gz")) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051, magic
        images = [f.read(rows * cols) for _ in range(n)]
    with gzip.open(os.path.join(SRC, prefix + "-labels-idx1-ubyte.gz")) as f:
        magic, n2 = struct.unpack(">II", f.read(8))
        assert magic == 2049 and n2 == n, (magic, n2, n)
        labels = list(f.read(n))
    return images, labels, rows, cols


def subset(images, labels, per_class):
    by_class = {c: [i for i, l in enumerate(labels) if l == c][:per_class] for c in range(10)}
    order = [by_class[c][k] for k in range(per_class) for c in range(10)]
    return [images[i] for i in order], [labels[i] for i in order]


def write(prefix, images, labels, rows, cols):
    os.makedirs(DEST, exist_ok=True)
    # mtime=0 keeps the bytes (and so the data hash) stable across rebuilds.
    with gzip.GzipFile(os.path.join(DEST, prefix + "-images-idx3-ubyte.gz"), "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 2051, len(images), rows, cols))
        f.write(b"".join(images))
    with gzip.GzipFile(os.path.join(DEST, prefix + "-labels-idx1-ubyte.gz"), "wb", mtime=0) as f:
        f.write(struct.pack(">II", 2049, len(labels)))
        f.write(bytes(labels))


for prefix, per_class in (("train", TRAIN_PER_CLASS), ("t10k", TEST_PER_CLASS)):
    images, labels, rows, cols = read(prefix)
    sub_images, sub_labels = subset(images, labels, per_class)
    write(prefix, sub_images, sub_labels, rows, cols)
    print(prefix, len(sub_images), "images")
