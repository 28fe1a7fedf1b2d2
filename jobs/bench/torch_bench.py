#!/usr/bin/env python3
"""PyTorch on the CPU on the models and images of `jobs/ordersweep bench`, for comparison with DL4J.

Run by the bench (org.ordersweep.bench.TorchBench), one process per repeat:

    torch_bench.py --threads N --model SPEC_JSON DATA_FILE [--model SPEC_JSON DATA_FILE ...]

SPEC_JSON describes the network as ordersweep's NetworkFactory builds it (block ordering, filters, kernel and pool as
[height, width], dropout, dense units, classes, batch, learning rate); DATA_FILE holds the images: b"OSB1", then
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


def build(spec, shape):
    """The network of NetworkFactory: the block repeated once per filter count, dense + ReLU, linear output (the
    softmax is inside the cross-entropy loss, as DL4J's softmax output with MCXENT computes it)."""
    import torch
    import torch.nn as nn
    layers = []
    channels = shape[0]
    kh, kw = spec["kernel"]
    ph, pw = spec["pool"]
    for filters in spec["filters"]:
        for element in spec["ordering"]:
            if element == "conv":
                layers.append(nn.Conv2d(channels, filters, (kh, kw), stride=1, padding="same"))
                channels = filters
            elif element == "bn":
                # DL4J's defaults: eps 1e-5, running-statistics decay 0.9 (= momentum 0.1).
                layers.append(nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1))
            elif element == "act":
                layers.append(activation(spec["activation"]))
            elif element == "pool":
                layers.append(nn.MaxPool2d((ph, pw), stride=(ph, pw)))
            elif element == "dropout":
                layers.append(nn.Dropout(spec["dropout"]))
            else:
                raise ValueError("unknown block element " + element)
    features = nn.Sequential(*layers)
    with torch.no_grad():
        flat = features(torch.zeros(1, *shape)).numel()
    model = nn.Sequential(features, nn.Flatten(), nn.Linear(flat, spec["dense"]), nn.ReLU(),
                          nn.Linear(spec["dense"], spec["classes"]))
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
                      "blas": blas_library(), "python": sys.executable, "models": models}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
