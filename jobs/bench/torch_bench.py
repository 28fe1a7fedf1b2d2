#!/usr/bin/env python3
"""PyTorch on the CPU on the models and images of `jobs/ordersweep bench`, for comparison with DL4J.

Run by the bench (org.ordersweep.bench.TorchBench), one process per repeat:

    torch_bench.py --threads N --model SPEC_JSON DATA_FILE [--model SPEC_JSON DATA_FILE ...]

SPEC_JSON describes the network as ordersweep's NetworkFactory builds it (its stages: each repeat's layers in order, a
residual unit's with add among them, repeats, sizes, kernel and pool as [height, width], dropout; the head, dense
units, classes, batch, learning rate); DATA_FILE holds the images: b"OSB1", then
little-endian int32 count, channels, height, width, classes, then float32 features (NCHW), then uint8 labels.

For each model: a short untimed warm-up, then one timed training pass over all images (minibatches in file order,
Adam, cross-entropy, training mode) and one timed inference pass (evaluation mode, no gradients). Prints exactly one
JSON line on stdout; {"available": false, ...} when torch cannot be imported.
"""
import argparse
import json
import struct
import sys
import time

WARMUP_TRAIN_BATCHES = 10
WARMUP_INFER_BATCHES = 2


def read_data(path):
    import torch
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:4] != b"OSB1":
        raise ValueError(path + ": not a bench data file (magic " + repr(raw[:4]) + ")")
    n, c, h, w, classes = struct.unpack("<5i", raw[4:24])
    end = 24 + n * c * h * w * 4
    x = torch.frombuffer(bytearray(raw[24:end]), dtype=torch.float32).reshape(n, c, h, w)
    y = torch.frombuffer(bytearray(raw[end:end + n]), dtype=torch.uint8).long()
    return x, y


def activation(name):
    import torch.nn as nn
    return {
        "identity": nn.Identity, "relu": nn.ReLU, "leakyrelu": lambda: nn.LeakyReLU(0.01), "elu": nn.ELU,
        "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "softplus": nn.Softplus, "mish": nn.Mish, "swish": nn.SiLU,
        "gelu": nn.GELU,
    }[name]()


def template_stages(spec):
    """The stages of a spec that describes the template network (one swept block repeated per filter count)."""
    return [{"elements": spec["ordering"], "repeat": len(spec["filters"]), "sizes": spec["filters"],
             "kernel": spec["kernel"], "pool": spec["pool"], "dropout": spec["dropout"], "residual": False}]


def build(spec, shape):
    """The network of NetworkFactory: its stages in order (each repeated, the swept one in the measured ordering; a
    residual stage's repeats are units with a shortcut), then the head (dense + ReLU, global average pooling, or
    nothing) and a linear output (the softmax is inside the cross-entropy loss, as DL4J's softmax output with MCXENT
    computes it). A spec without "stages" is the template network (ordering, filters, kernel, pool, dropout)."""
    import torch.nn as nn

    class Unit(nn.Module):
        """A residual unit: the branch (the layers before add) applied to x, plus x or its 1x1 projection where the
        channels change, then the layers after add applied to the sum."""

        def __init__(self, branch, shortcut, after):
            super().__init__()
            self.branch = nn.Sequential(*branch)
            self.shortcut = shortcut if shortcut is not None else nn.Identity()
            self.after = nn.Sequential(*after)

        def forward(self, x):
            return self.after(self.branch(x) + self.shortcut(x))

    c, h, w = shape
    flat = None  # the features once a dense layer has flattened the maps

    def layers_of(element, stage, size):
        nonlocal c, h, w, flat
        kh, kw = stage["kernel"]
        ph, pw = stage["pool"]
        if element == "conv":
            conv = nn.Conv2d(c, size, (kh, kw), stride=1, padding="same")
            c = size
            return [conv]
        if element == "dense":
            out = [nn.Flatten()] if flat is None else []
            out.append(nn.Linear(c * h * w if flat is None else flat, size))
            flat = size
            return out
        if element == "bn":
            # DL4J's defaults: eps 1e-5, running-statistics decay 0.9 (= momentum 0.1).
            return [nn.BatchNorm2d(c, eps=1e-5, momentum=0.1) if flat is None
                    else nn.BatchNorm1d(flat, eps=1e-5, momentum=0.1)]
        if element == "act":
            return [activation(spec["activation"])]
        if element in ("pool", "avgpool"):
            h, w = h // ph, w // pw
            pool = nn.MaxPool2d if element == "pool" else nn.AvgPool2d
            return [pool((ph, pw), stride=(ph, pw))]
        if element == "dropout":
            return [nn.Dropout(stage["dropout"])]
        raise ValueError("unknown block element " + element)

    layers = []
    for stage in spec.get("stages") or template_stages(spec):
        elements = stage["elements"]
        for r in range(stage["repeat"]):
            size = stage["sizes"][r]
            if not stage.get("residual"):
                for element in elements:
                    layers += layers_of(element, stage, size)
                continue
            split = elements.index("add")
            unit_in = c
            branch = [m for e in elements[:split] for m in layers_of(e, stage, size)]
            shortcut = nn.Conv2d(unit_in, c, (1, 1), stride=1) if unit_in != c else None
            after = [m for e in elements[split + 1:] for m in layers_of(e, stage, size)]
            layers.append(Unit(branch, shortcut, after))
    head = spec.get("head", "dense")
    tail = []
    if head == "global-average" and flat is None:
        tail += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        features = c
    else:
        tail += [nn.Flatten()] if flat is None else []
        features = c * h * w if flat is None else flat
    if head == "dense":
        tail += [nn.Linear(features, spec["dense"]), nn.ReLU()]
        features = spec["dense"]
    model = nn.Sequential(nn.Sequential(*layers), *tail, nn.Linear(features, spec["classes"]))
    # DL4J's WeightInit.RELU (He normal) with zero biases.
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


def measure(spec, x, y):
    import torch
    import torch.nn as nn
    torch.manual_seed(spec.get("seed", 0) & 0x7FFFFFFF)
    model = build(spec, tuple(x.shape[1:]))
    optimiser = torch.optim.Adam(model.parameters(), lr=spec["learning_rate"])
    loss_fn = nn.CrossEntropyLoss()
    b = spec["batch"]
    train_batches = [(x[i:i + b], y[i:i + b]) for i in range(0, len(x), b)]
    ib = spec["inference_batch"]
    infer_batches = [x[i:i + ib] for i in range(0, len(x), ib)]

    def train(batches):
        model.train()
        for xb, yb in batches:
            optimiser.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimiser.step()

    def infer(batches):
        model.eval()
        with torch.no_grad():
            for xb in batches:
                model(xb)

    train(train_batches[:WARMUP_TRAIN_BATCHES])
    infer(infer_batches[:WARMUP_INFER_BATCHES])
    t0 = time.perf_counter()
    train(train_batches)
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    infer(infer_batches)
    infer_s = time.perf_counter() - t0
    return {"train_sps": len(x) / train_s, "infer_sps": len(x) / infer_s, "train_seconds": train_s,
            "infer_seconds": infer_s, "samples": len(x)}


def tiny_op_us():
    """The fixed cost of one op: microseconds of an in-place add of two 16-float vectors (the bench's TinyOp)."""
    import torch
    v = torch.rand(1, 16)
    w = torch.rand(1, 16)
    ops = 20000
    for _ in range(ops):
        v.add_(w)
    v.copy_(w)
    t0 = time.perf_counter()
    for _ in range(ops):
        v.add_(w)
    return (time.perf_counter() - t0) * 1e6 / ops


def blas_library():
    """The BLAS library this process really loaded (Debian picks it through alternatives)."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "blas" in path and ".so" in path:
                    return path
    except OSError:
        pass
    return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--model", nargs=2, action="append", required=True, metavar=("SPEC_JSON", "DATA_FILE"))
    args = parser.parse_args()
    try:
        import torch
    except ImportError as e:
        print(json.dumps({"available": False, "error": str(e)}))
        return 0
    torch.set_num_threads(args.threads)
    models = {}
    for spec_json, path in args.model:
        spec = json.loads(spec_json)
        x, y = read_data(path)
        models[spec["name"]] = measure(spec, x, y)
    print(json.dumps({"available": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas_library(), "python": sys.executable, "tiny_op_us": tiny_op_us(),
                      "models": models}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
