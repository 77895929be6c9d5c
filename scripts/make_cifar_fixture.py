"""A CIFAR-shaped (3x32x32, NCHW) model and PyTorch's own results on images the tests rebuild.

Run with Debian's PyTorch: /usr/bin/python3 scripts/make_cifar_fixture.py
Writes src/cli/fixtures/cifar-cnn.onnx and cifar-cnn.json: the images are given by a formula the
tests repeat (pixel = (7 i + 13 p + 29 c + (i p) mod 17) mod 256, p = y * 32 + x), normalised with
CIFAR's per-channel mean/std; the JSON holds the labels, PyTorch's logits and its top-1.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "cli", "fixtures")
MEAN = [0.4914, 0.4822, 0.4465]
STD = [0.2470, 0.2435, 0.2616]
N = 64
torch.manual_seed(11)
torch.set_num_threads(1)


class CifarCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 2, 1)
        self.conv2 = nn.Conv2d(8, 16, 3, 2, 1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        return self.fc(torch.mean(x, dim=(2, 3)))


def images():
    i = np.arange(N).reshape(N, 1, 1)
    p = np.arange(1024).reshape(1, 1024, 1)
    c = np.arange(3).reshape(1, 1, 3)
    return ((7 * i + 13 * p + 29 * c + (i * p) % 17) % 256).astype(np.uint8).reshape(N, 32, 32, 3)


def main():
    os.makedirs(OUT, exist_ok=True)
    model = CifarCnn().eval()
    x = images().astype(np.float64) / 255.0
    x = (x - np.array(MEAN)) / np.array(STD)
    xt = torch.tensor(x.transpose(0, 3, 1, 2), dtype=torch.float32)
    with torch.no_grad():
        logits = model(xt)
    pred = logits.argmax(1).numpy()
    # two thirds of the labels agree with the model, so top-1 is neither 0 nor 100
    labels = np.where(np.arange(N) % 3 == 0, (pred + 1) % 10, pred)
    top1 = float((pred == labels).mean() * 100)
    torch.onnx.export(
        model, xt[:1], os.path.join(OUT, "cifar-cnn.onnx"), input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13,
    )
    with open(os.path.join(OUT, "cifar-cnn.json"), "w") as f:
        json.dump({"mean": MEAN, "std": STD, "n": N, "labels": labels.tolist(), "top1": top1,
                   "logits": [[round(float(v), 6) for v in row] for row in logits.numpy()]}, f)
    print("top1", top1)


if __name__ == "__main__":
    main()
