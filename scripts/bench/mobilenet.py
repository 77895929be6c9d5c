"""One evaluation of torchvision's MobileNetV2 (5 classes) at 224x224 on a batch, on this machine's CPU.

Usage: python3 scripts/bench/mobilenet.py BATCH [THREADS [WEIGHTS_DIR]]. Prints one JSON line:
{"ms": median of 3 timed forwards, "maxDiff": max |logit difference|, "maxLogit": max |TF.js logit|}
(both null without WEIGHTS_DIR).

With WEIGHTS_DIR (written by scripts/bench/mobilenet-torch.ts) the network gets the TF.js model's weights
(conv, BatchNorm and Linear in model order, already in PyTorch layout), BatchNorm's epsilon 1e-3 and Keras'
padding of stride-2 convs (0 before, 1 after each spatial axis, where torchvision pads 1 on both sides);
it then runs the same input batch and compares its logits with the TF.js logits.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


def keras_padding(conv, _inputs):
    return (F.pad(_inputs[0], (0, 1, 0, 1)),)


def load_weights(model, folder):
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    data = np.fromfile(os.path.join(folder, "weights.bin"), dtype="<f4")
    modules = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.BatchNorm2d, nn.Linear))]
    if len(modules) != len(manifest["layers"]):
        raise SystemExit(f"{len(modules)} torchvision layers, {len(manifest['layers'])} TF.js layers")
    with torch.no_grad():
        for module, entry in zip(modules, manifest["layers"]):
            for name, (offset, shape) in entry["tensors"].items():
                target = getattr(module, name)
                values = torch.from_numpy(data[offset:offset + int(np.prod(shape))].reshape(shape))
                if tuple(target.shape) != tuple(shape):
                    raise SystemExit(f"{entry['name']}.{name}: TF.js {shape}, torchvision {list(target.shape)}")
                target.copy_(values)
            if isinstance(module, nn.BatchNorm2d):
                module.eps = 1e-3
            if isinstance(module, nn.Conv2d) and module.stride == (2, 2):
                module.padding = (0, 0)
                module.register_forward_pre_hook(keras_padding)
    x = np.fromfile(os.path.join(folder, "input.bin"), dtype="<f4").reshape(manifest["input"])
    expected = np.fromfile(os.path.join(folder, "logits.bin"), dtype="<f4")
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))), expected


def main():
    batch = int(sys.argv[1])
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    model = torchvision.models.mobilenet_v2(num_classes=5).eval()
    x, expected = torch.rand(batch, 3, 224, 224) * 2 - 1, None
    if len(sys.argv) > 3:
        x, expected = load_weights(model, sys.argv[3])
    times = []
    with torch.no_grad():
        y = model(x)
        for _ in range(3):
            t0 = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t0) * 1000)
    diff = None if expected is None else float(np.abs(y.numpy().reshape(-1) - expected).max())
    scale = None if expected is None else float(np.abs(expected).max())
    print(json.dumps({"ms": sorted(times)[1], "maxDiff": diff, "maxLogit": scale}))


if __name__ == "__main__":
    main()
