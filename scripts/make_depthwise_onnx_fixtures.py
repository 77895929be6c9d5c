"""ONNX fixtures of depthwise-separable networks, exported by PyTorch with BatchNorm kept.

Run with Debian's PyTorch: /usr/bin/python3 scripts/make_depthwise_onnx_fixtures.py
Writes to src/core/engine/onnx/fixtures/:
- mobilenetv2-small.onnx: the small MobileNetV2-style network of the TF.js tests (16x16x3 input, stem 8
  stride 2, inverted residuals t=3 with 8, 12 (stride 2), 12 channels, head 24, 5 classes);
- depth-multiplier.onnx: a depthwise Conv with group == C_in = 8 and 16 outputs (depth multiplier 2);
- grouped-conv.onnx: a grouped Conv (group 2 of 8 channels), which is not depthwise;
- depthwise-reference.json: PyTorch's outputs on a fixed batch, for each model.
"""
import json
import os

import torch
import torch.nn as nn

from make_onnx_fixtures import InvertedResidual, randomize_bn
from make_onnx_fixtures import conv_bn as conv_bn_pair

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "core", "engine", "onnx", "fixtures")
torch.manual_seed(11)  # after the import, which seeds its own fixtures


def conv_bn(cin, cout, k, stride=1, groups=1):
    return list(conv_bn_pair(cin, cout, k, stride, groups))


class MobileNetV2Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(3, 8, 3, 2), nn.ReLU6())
        self.blocks = nn.Sequential(
            InvertedResidual(8, 8, 3, 1), InvertedResidual(8, 12, 3, 2), InvertedResidual(12, 12, 3, 1))
        self.head = nn.Sequential(*conv_bn(12, 24, 1), nn.ReLU6())
        self.classifier = nn.Linear(24, 5)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class DepthMultiplier(nn.Module):
    """stem 8 -> depthwise with multiplier 2 (16 outputs) -> project 12 -> Gemm."""

    def __init__(self, groups=8, mid=16):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(3, 8, 3), nn.ReLU6())
        self.depthwise = nn.Sequential(*conv_bn(8, mid, 3, 1, groups=groups), nn.ReLU6())
        self.project = nn.Sequential(*conv_bn(mid, 12, 1))
        self.classifier = nn.Linear(12, 5)

    def forward(self, x):
        x = self.project(self.depthwise(self.stem(x)))
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def main():
    os.makedirs(OUT, exist_ok=True)
    x = torch.randn(4, 3, 16, 16)
    reference = {"batch": list(x.shape), "input": x.reshape(-1).tolist(), "logits": {}}
    models = {
        "mobilenetv2-small": MobileNetV2Small(),
        "depth-multiplier": DepthMultiplier(),
        "grouped-conv": DepthMultiplier(groups=2, mid=8),
    }
    for name, model in models.items():
        randomize_bn(model)
        model.eval()
        with torch.no_grad():
            reference["logits"][name] = model(x).reshape(-1).tolist()
        torch.onnx.export(
            model, x, os.path.join(OUT, f"{name}.onnx"), input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13,
            do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    with open(os.path.join(OUT, "depthwise-reference.json"), "w") as f:
        json.dump(reference, f)


if __name__ == "__main__":
    main()
