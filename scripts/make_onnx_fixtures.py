"""ONNX fixtures for the ONNX engine's tests, with PyTorch's own results as the reference.

Run with Debian's PyTorch: /usr/bin/python3 scripts/make_onnx_fixtures.py [flow]
("flow" writes only resnet-flow.onnx/.json, the trained residual net of the end-to-end flows;
"int8" only int8-qdq.onnx)
Writes src/core/engine/onnx/fixtures/: the models (.onnx, BatchNorm folded by the exporter and kept),
a fixed input batch, PyTorch's logits on it, torch.nn.utils.prune masks and the bad-input files.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "core", "engine", "onnx", "fixtures")
torch.manual_seed(7)


def randomize_bn(model):
    # non-trivial running statistics, so folding and slicing BatchNorm both matter
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)


def conv_bn(cin, cout, k=3, stride=1, groups=1):
    return nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = conv_bn(cin, cout, 3, stride)
        self.conv2, self.bn2 = conv_bn(cout, cout, 3, 1)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(*conv_bn(cin, cout, 1, stride))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + self.shortcut(x))


class ResNetTiny(nn.Module):
    """Stem, an identity block, a block with a 1x1 projection shortcut, global pooling, Gemm."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = conv_bn(1, 8)
        self.layer1 = nn.Sequential(Block(8, 8, 1))
        self.layer2 = nn.Sequential(Block(8, 16, 2))
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, expand, stride):
        super().__init__()
        hidden = cin * expand
        self.expand = nn.Sequential(*conv_bn(cin, hidden, 1), nn.ReLU6())
        self.depthwise = nn.Sequential(*conv_bn(hidden, hidden, 3, stride, groups=hidden), nn.ReLU6())
        self.project = nn.Sequential(*conv_bn(hidden, cout, 1))
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.project(self.depthwise(self.expand(x)))
        return x + y if self.residual else y


class MobileNetTiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(1, 8), nn.ReLU6())
        self.blocks = nn.Sequential(InvertedResidual(8, 8, 2, 1), InvertedResidual(8, 12, 2, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(12, 10)

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return self.classifier(torch.flatten(x, 1))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))


def export(model, name, x, fold=True, dynamic=None, opset=13):
    torch.onnx.export(
        model, x, os.path.join(OUT, name), input_names=["input"], output_names=["logits"],
        dynamic_axes=dynamic or {"input": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=opset, do_constant_folding=fold,
        training=torch.onnx.TrainingMode.EVAL if fold else torch.onnx.TrainingMode.PRESERVE,
    )


def save_f32(name, array):
    np.asarray(array, dtype="<f4").tofile(os.path.join(OUT, name))


def torch_masks(model, specs):
    """torch.nn.utils.prune masks on a copy of the model, keyed by state_dict name."""
    out = {}
    for module_name, kind, amount in specs:
        module = dict(model.named_modules())[module_name]
        if kind == "l1_unstructured":
            prune.l1_unstructured(module, "weight", amount=amount)
        else:
            prune.ln_structured(module, "weight", amount=amount, n=1, dim=0)
        mask = module.weight_mask.detach().numpy().astype(np.uint8)
        out[module_name + ".weight"] = {"kind": kind, "amount": amount, "shape": list(mask.shape),
                                         "mask": mask.reshape(-1).tolist()}
        prune.remove(module, "weight")
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    x = torch.randn(8, 1, 28, 28)
    save_f32("batch-8x1x28x28.f32", x.numpy())
    reference = {}
    models = {"resnet": ResNetTiny(), "mobilenet": MobileNetTiny(), "mlp": Mlp()}
    for name, model in models.items():
        randomize_bn(model)
        model.eval()
        with torch.no_grad():
            logits = model(x)
        reference[name] = logits.numpy().reshape(-1).tolist()
        export(model, f"{name}.onnx", x)
        if name != "mlp":
            export(model, f"{name}-bn.onnx", x, fold=False)
    masks = {
        "resnet-bn": torch_masks(ResNetTinyCopy(models["resnet"]), [
            ("layer1.0.conv1", "l1_unstructured", 0.3), ("layer2.0.conv2", "ln_structured", 0.25),
            ("fc", "l1_unstructured", 0.5)]),
        "mlp": torch_masks(ResNetTinyCopy(models["mlp"]), [
            ("fc1", "l1_unstructured", 0.7), ("fc2", "ln_structured", 0.3)]),
    }
    with open(os.path.join(OUT, "torch-reference.json"), "w") as f:
        json.dump({"batch": [8, 1, 28, 28], "logits": reference, "masks": masks}, f)

    # bad inputs
    mlp_model = onnx.load(os.path.join(OUT, "mlp.onnx"))
    onnx.save_model(mlp_model, os.path.join(OUT, "mlp-external.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="mlp-external.data", size_threshold=0)
    export(models["mlp"], "mlp-dynamic-spatial.onnx", x,
           dynamic={"input": {0: "batch", 2: "h", 3: "w"}, "logits": {0: "batch"}})
    w = numpy_helper.from_array(np.random.RandomState(0).randn(10, 4).astype(np.float16), "w")
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w"], ["y"], transB=1)], "fp16",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, ["batch", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, ["batch", 10])], [w])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), os.path.join(OUT, "fp16.onnx"))
    graph = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["y"])], "two_inputs",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch", 4]) for n in "ab"],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]),
              os.path.join(OUT, "two-inputs.onnx"))
    int8_fixture()


def int8_fixture():
    """A QDQ-quantized Gemm: its int8 weight reaches the Gemm through DequantizeLinear."""
    w = numpy_helper.from_array(np.random.RandomState(1).randint(-100, 100, (10, 4)).astype(np.int8), "w_q")
    scale = numpy_helper.from_array(np.array(0.01, dtype=np.float32), "w_scale")
    zero = numpy_helper.from_array(np.array(0, dtype=np.int8), "w_zero")
    graph = helper.make_graph(
        [helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zero"], ["w"], name="dq"),
         helper.make_node("Gemm", ["x", "w"], ["y"], transB=1, name="fc")], "int8",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 10])], [w, scale, zero])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), os.path.join(OUT, "int8-qdq.onnx"))


def flow_fixture(steps=600, n_test=1000):
    """A residual net trained briefly on Fashion-MNIST, BatchNorm kept, for the end-to-end flows.

    Writes resnet-flow.onnx and resnet-flow.json: PyTorch's top-1 on the first n_test test images
    (x / 255, NCHW) and its logits on the first 16, the reference the page and the CLI must match,
    and PyTorch's top-1 of the resnet8 demo (its .onnx weights) on the same images.
    """
    sys.path.insert(0, os.path.dirname(__file__))
    from train_demo_torch import read_idx  # the demo trainer's idx reader

    data = os.path.join(os.path.dirname(__file__), "..", "public", "data", "fashion-mnist")
    xs = torch.tensor(read_idx(os.path.join(data, "train-10k-images-idx3-ubyte.gz")), dtype=torch.float32) / 255
    ys = torch.tensor(read_idx(os.path.join(data, "train-10k-labels-idx1-ubyte.gz")), dtype=torch.long)
    xt = torch.tensor(read_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz"))[:n_test], dtype=torch.float32) / 255
    yt = torch.tensor(read_idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))[:n_test], dtype=torch.long)
    xs, xt = xs.unsqueeze(1), xt.unsqueeze(1)
    torch.manual_seed(11)
    model = ResNetTiny()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for step in range(steps):
        idx = torch.randint(0, xs.shape[0], (64,))
        loss = nn.functional.cross_entropy(model(xs[idx]), ys[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        logits = model(xt)
    top1 = float((logits.argmax(1) == yt).float().mean() * 100)
    export(model, "resnet-flow.onnx", xt[:8], fold=False)
    # the residual demo's .onnx through PyTorch on the same images (the page checks both)
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "bench"))
    from torch_demo_eval import load_demo

    demo = load_demo("resnet8", os.path.join(os.path.dirname(__file__), "..", "public", "models", "resnet8", "model.onnx"))
    with torch.no_grad():
        demo_logits = demo(xt)
    demo_top1 = float((demo_logits.argmax(1) == yt).float().mean() * 100)
    # the page's shortest evaluation setting: the first 256 images
    first = {name: float((out[:256].argmax(1) == yt[:256]).float().mean() * 100)
             for name, out in (("resnet-flow", logits), ("resnet8", demo_logits))}
    with open(os.path.join(OUT, "resnet-flow.json"), "w") as f:
        json.dump({"n": n_test, "scaling": "unit", "layout": "NCHW", "top1": top1,
                   "correct": int((logits.argmax(1) == yt).sum()),
                   "logits16": logits[:16].numpy().reshape(-1).tolist(),
                   "resnet8": {"top1": demo_top1}, "top1First256": first}, f)
    print(f"resnet-flow.onnx: PyTorch top-1 {top1:.2f}% on the first {n_test} test images")


def ResNetTinyCopy(model):
    import copy
    return copy.deepcopy(model)


if __name__ == "__main__":
    if sys.argv[1:] == ["flow"]:
        flow_fixture()  # only the residual flow fixture
    elif sys.argv[1:] == ["int8"]:
        int8_fixture()
    else:
        main()
        flow_fixture()
