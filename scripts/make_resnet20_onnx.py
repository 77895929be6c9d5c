"""Distiller's resnet20_cifar (models/cifar10/resnet_cifar.py: same module names) exported to ONNX,
for the test that runs Distiller's ResNet-20 example schedules on an ONNX model.

Run with Debian's PyTorch: /usr/bin/python3 scripts/make_resnet20_onnx.py
Writes src/core/schedule/fixtures/resnet20-onnx/resnet20_cifar.onnx. The channels are a quarter of
Distiller's (4, 8, 16 instead of 16, 32, 64) to keep the file small; the module names, the depth and
the layer kinds are Distiller's. The exporter folds BatchNorm into the convolutions (eval mode).
"""
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "core", "schedule", "fixtures", "resnet20-onnx")
torch.manual_seed(20)
torch.set_num_threads(1)


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, block_gates, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.block_gates = block_gates
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu1 = nn.ReLU(inplace=False)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.relu2 = nn.ReLU(inplace=False)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        residual = out = x
        if self.block_gates[0]:
            out = self.relu1(self.bn1(self.conv1(x)))
        if self.block_gates[1]:
            out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            residual = self.downsample(x)
        return self.relu2(out + residual)


class ResNetCifar(nn.Module):
    def __init__(self, block, layers, num_classes=10, width=16):
        super().__init__()
        self.nlayers = 0
        self.layer_gates = [[[True, True] for _ in range(n)] for n in layers]
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(self.layer_gates[0], block, width, layers[0])
        self.layer2 = self._make_layer(self.layer_gates[1], block, width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(self.layer_gates[2], block, width * 4, layers[2], stride=2)
        self.avgpool = nn.AvgPool2d(8, stride=1)
        self.fc = nn.Linear(width * 4 * block.expansion, num_classes)

    def _make_layer(self, layer_gates, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * block.expansion, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * block.expansion),
            )
        layers = [block(layer_gates[0], self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        for i in range(1, blocks):
            layers.append(block(layer_gates[i], self.inplanes, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        x = self.avgpool(x)
        return self.fc(x.view(x.size(0), -1))


def main():
    model = ResNetCifar(BasicBlock, [3, 3, 3], width=4).eval()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
    os.makedirs(OUT, exist_ok=True)
    torch.onnx.export(
        model,
        torch.randn(1, 3, 32, 32),
        os.path.join(OUT, "resnet20_cifar.onnx"),
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13,
    )
    names = [n for n, p in model.named_parameters() if p.dim() in (2, 4)]
    print(f"{len(names)} weight tensors, e.g. {names[:3]}")


if __name__ == "__main__":
    main()
