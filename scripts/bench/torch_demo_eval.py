#!/usr/bin/env python3
"""Times PyTorch's evaluation of a demo's model.onnx twin: the network of scripts/train_demo_torch.py
with the weights read back from the .onnx initializers (state_dict names), on the 10k test set.

Prints one JSON line: {"ms": median milliseconds per full pass, "top1": percent, "threads": n}.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from train_demo_torch import RECIPES, load_split  # noqa: E402


def load_demo(demo, onnx_path):
    """The demo's PyTorch network with the weights of its .onnx twin, by state_dict name.

    The exporter stores equal parameters once and reads the copies through Identity nodes (a
    shortcut's BatchNorm bias equal to the main path's): those names are followed to their source.
    Every parameter and buffer but num_batches_tracked must be found, or this stops.
    """
    model = RECIPES[demo]['make']()
    graph = onnx.load(onnx_path).graph
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == 'Identity' and node.input[0] in weights:
            weights[node.output[0]] = weights[node.input[0]]
    state = model.state_dict()
    missing = [k for k in state if k not in weights and not k.endswith('num_batches_tracked')]
    if missing:
        raise SystemExit(f'{onnx_path} lacks {", ".join(missing)}')
    model.load_state_dict({k: weights.get(k, v) for k, v in state.items()})
    return model.eval()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True, help='demo id, e.g. resnet8')
    p.add_argument('--onnx', required=True)
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--batch', type=int, default=1000)
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--limit', type=int, default=None, help='evaluate the first N test images only')
    args = p.parse_args()
    model = load_demo(args.model, args.onnx)
    x, y = load_split(args.data, 't10k')
    x, y = x[:args.limit], y[:args.limit]
    times = []
    with torch.no_grad():
        for _ in range(args.repeats + 1):  # the first pass warms up
            t0 = time.perf_counter()
            correct = sum((model(x[i:i + args.batch]).argmax(1) == y[i:i + args.batch]).sum().item()
                          for i in range(0, len(x), args.batch))
            times.append(1000 * (time.perf_counter() - t0))
    print(json.dumps(dict(ms=sorted(times[1:])[len(times[1:]) // 2], top1=100 * correct / len(x),
                          threads=torch.get_num_threads())))


if __name__ == '__main__':
    main()
