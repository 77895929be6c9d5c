#!/usr/bin/env python3
"""Train PruneLab's demo models on Fashion-MNIST with PyTorch and dump their tensors.

Called by scripts/train-demo.ts, which rebuilds each model in TF.js, converts the
layouts and checks that the TF.js model scores what PyTorch scored.

Output per model, in OUT/<id>/:
  tensors.bin    every state_dict tensor (float32, little-endian), concatenated
  manifest.json  {id, tensors: [{name, shape, offset, length}], recipe, metrics,
                  probe: {count, logits}}  (probe = logits of the first test images)
  model.onnx     (models with onnx=True) the same weights through torch.onnx.export, opset 13,
                 BatchNormalization kept as nodes so that filters rank on the same conv weights
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PROBE_COUNT = 32


def read_idx(path):
    with gzip.open(path, 'rb') if path.endswith('.gz') else open(path, 'rb') as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f'{path}: not an unsigned-byte idx file')
    ndims = data[3]
    dims = struct.unpack('>' + 'I' * ndims, data[4:4 + 4 * ndims])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f'{path}: expected {np.prod(dims)} bytes, got {arr.size}')
    return arr.reshape(dims)


def load_split(data_dir, prefix):
    images = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte.gz'))
    labels = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte.gz'))
    # Input scaling 'unit': pixels / 255, no mean/std, NCHW.
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class LeNet300(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 300)
        self.fc2 = nn.Linear(300, 100)
        self.fc3 = nn.Linear(100, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(50 * 4 * 4, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


class SmallVgg(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(32)
        self.conv4 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn4 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * 3 * 3, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)  # 14x14
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)  # 7x7
        x = F.relu(self.bn3(self.conv3(x)))
        x = F.max_pool2d(F.relu(self.bn4(self.conv4(x))), 2)  # 3x3 (floor, like TF 'valid' pooling)
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def conv_bn(cin, cout, k, stride=1, groups=1):
    """A bias-free conv (padding k // 2, as the TF.js rebuild pads) and its BatchNorm."""
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout))


class BasicBlock(nn.Module):
    """He et al. 2016: 3x3 conv-BN-ReLU, 3x3 conv-BN, plus the shortcut (a 1x1 conv-BN when the shape changes)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv_bn(cin, cout, 3, stride)
        self.conv2 = conv_bn(cout, cout, 3)
        self.shortcut = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.conv2(F.relu(self.conv1(x)))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet8(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, 16, 3)
        self.block1 = BasicBlock(16, 32, 2)  # 14x14, projection shortcut
        self.block2 = BasicBlock(32, 32, 1)  # identity shortcut
        self.block3 = BasicBlock(32, 64, 2)  # 7x7, projection shortcut
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.stem(x))
        x = self.block3(self.block2(self.block1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class InvertedResidual(nn.Module):
    """Sandler et al. 2018: 1x1 expand-BN-ReLU6, 3x3 depthwise-BN-ReLU6, 1x1 project-BN, Add when shapes match."""

    def __init__(self, cin, cout, expand, stride):
        super().__init__()
        hidden = cin * expand
        self.expand = conv_bn(cin, hidden, 1)
        self.depthwise = conv_bn(hidden, hidden, 3, stride, groups=hidden)
        self.project = conv_bn(hidden, cout, 1)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.project(F.relu6(self.depthwise(F.relu6(self.expand(x)))))
        return x + y if self.residual else y


class MobileNetFm(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, 16, 3, 2)  # 14x14
        self.block1 = InvertedResidual(16, 24, 3, 1)
        self.block2 = InvertedResidual(24, 24, 3, 1)  # residual
        self.block3 = InvertedResidual(24, 48, 3, 2)  # 7x7
        self.block4 = InvertedResidual(48, 48, 3, 1)  # residual
        self.head = conv_bn(48, 128, 1)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu6(self.stem(x))
        x = self.block4(self.block3(self.block2(self.block1(x))))
        x = F.relu6(self.head(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# Epoch counts sized for ~15 minutes on 2 CPU cores (measured on an idle machine: lenet300 ~2-4 s,
# lenet5 ~35 s, vgg ~40 s per epoch). The MLP's small matmuls run faster on one thread than on two.
# On a busy machine pass --threads 1: oversubscribed OpenMP threads slowed an epoch ~5x here.
RECIPES = {
    'lenet300': dict(make=LeNet300, optimizer='Adam', lr=1e-3, weight_decay=1e-5, epochs=20,
                     batch=128, schedule='cosine', augmentation='none', threads=1),
    'lenet5': dict(make=LeNet5, optimizer='Adam', lr=1e-3, weight_decay=1e-5, epochs=8,
                   batch=128, schedule='cosine', augmentation='none', threads=2),
    'vgg': dict(make=SmallVgg, optimizer='SGD(momentum=0.9, nesterov)', lr=0.05, weight_decay=5e-4,
                epochs=12, batch=128, schedule='cosine', augmentation='random crop 28x28 from 2-pixel zero padding',
                threads=2),
    # The depthwise convs make a MobileNet step slow on a CPU: its stem strides to 14x14 and its blocks expand 3x.
    'resnet8': dict(make=ResNet8, optimizer='Adam', lr=2e-3, weight_decay=1e-5, epochs=3, batch=128,
                    schedule='cosine', augmentation='none', threads=1, onnx=True),
    'mobilenet-fm': dict(make=MobileNetFm, optimizer='Adam', lr=3e-3, weight_decay=1e-5, epochs=3, batch=128,
                         schedule='cosine', augmentation='none', threads=1, onnx=True),
}


def random_crop(x, pad, gen):
    """Per-image random translation by up to `pad` pixels (zero padding), like torchvision RandomCrop(28, padding=pad)."""
    n, _, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad))
    dy = torch.randint(0, 2 * pad + 1, (n,), generator=gen)
    dx = torch.randint(0, 2 * pad + 1, (n,), generator=gen)
    out = torch.empty_like(x)
    # Group by offset: at most (2p+1)^2 slicing ops per batch instead of one per image.
    for oy in range(2 * pad + 1):
        for ox in range(2 * pad + 1):
            idx = ((dy == oy) & (dx == ox)).nonzero(as_tuple=True)[0]
            if idx.numel():
                out[idx] = padded[idx, :, oy:oy + h, ox:ox + w]
    return out


@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    model.eval()
    correct1 = correct5 = 0
    loss_sum = 0.0
    for i in range(0, len(x), batch):
        logits = model(x[i:i + batch])
        t = y[i:i + batch]
        loss_sum += F.cross_entropy(logits, t, reduction='sum').item()
        top5 = logits.topk(5, dim=1).indices
        correct1 += (top5[:, 0] == t).sum().item()
        correct5 += (top5 == t[:, None]).any(dim=1).sum().item()
    n = len(x)
    return dict(top1=100.0 * correct1 / n, top5=100.0 * correct5 / n, loss=loss_sum / n, n=n)


def train(model_id, recipe, xtr, ytr, xte, yte, seed, epoch_limit, max_threads):
    torch.set_num_threads(min(recipe['threads'], max_threads))
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = recipe['make']()
    epochs = recipe['epochs'] if epoch_limit is None else min(epoch_limit, recipe['epochs'])
    if recipe['optimizer'] == 'Adam':
        opt = torch.optim.Adam(model.parameters(), lr=recipe['lr'], weight_decay=recipe['weight_decay'])
    else:
        opt = torch.optim.SGD(model.parameters(), lr=recipe['lr'], momentum=0.9, nesterov=True,
                              weight_decay=recipe['weight_decay'])
    batch = recipe['batch']
    steps_per_epoch = math.ceil(len(xtr) / batch)
    total_steps = epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / total_steps)))
    started = time.time()
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(xtr), generator=gen)
        loss_sum = 0.0
        for i in range(0, len(xtr), batch):
            idx = perm[i:i + batch]
            xb, yb = xtr[idx], ytr[idx]
            if recipe['augmentation'] != 'none':
                xb = random_crop(xb, 2, gen)
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
        m = evaluate(model, xte, yte)
        print(f'[{model_id}] epoch {epoch + 1}/{epochs} train loss {loss_sum / len(xtr):.4f} '
              f'test top1 {m["top1"]:.2f} loss {m["loss"]:.4f} ({time.time() - t0:.1f} s)', flush=True)
    seconds = time.time() - started
    return model, epochs, seconds


def dump(model_id, model, recipe, epochs, seconds, seed, train_images, xte, yte, out_dir):
    metrics = evaluate(model, xte, yte)
    with torch.no_grad():
        probe = model(xte[:PROBE_COUNT]).numpy().astype(np.float32)
    os.makedirs(os.path.join(out_dir, model_id), exist_ok=True)
    entries = []
    offset = 0
    with open(os.path.join(out_dir, model_id, 'tensors.bin'), 'wb') as f:
        for name, t in model.state_dict().items():
            if name.endswith('num_batches_tracked'):
                continue
            arr = t.detach().numpy().astype('<f4')
            f.write(arr.tobytes())
            entries.append(dict(name=name, shape=list(arr.shape), offset=offset, length=int(arr.size)))
            offset += arr.nbytes
    manifest = dict(
        id=model_id,
        tensors=entries,
        recipe=dict(optimizer=recipe['optimizer'], lr=recipe['lr'], lrSchedule=f'{recipe["schedule"]} (per step, to 0)',
                    epochs=epochs, batch=recipe['batch'], weightDecay=recipe['weight_decay'],
                    augmentation=recipe['augmentation'], seed=seed, seconds=round(seconds, 1),
                    framework=f'PyTorch {torch.__version__}', threads=torch.get_num_threads(),
                    images=train_images),
        metrics=metrics,
        probe=dict(count=PROBE_COUNT, logits=[[float(v) for v in row] for row in probe]),
    )
    if recipe.get('onnx'):
        # BatchNormalization stays a node (no constant folding, no eval-mode fusion): the conv weights are
        # the ones the TF.js model holds, so both formats rank filters alike. Initializers keep state_dict names.
        torch.onnx.export(model, xte[:1], os.path.join(out_dir, model_id, 'model.onnx'), input_names=['input'],
                          output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
                          opset_version=13, do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    with open(os.path.join(out_dir, model_id, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    print(f'[{model_id}] torch test top1 {metrics["top1"]:.2f} top5 {metrics["top5"]:.2f} '
          f'loss {metrics["loss"]:.4f}; trained in {seconds:.0f} s', flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--models', default=','.join(RECIPES))
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--epochs', type=int, default=None, help='cap every recipe at this many epochs (for quick checks)')
    p.add_argument('--train-limit', type=int, default=None, help='train on the first N images only (for quick checks)')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    xtr, ytr = load_split(args.data, 'train')
    xte, yte = load_split(args.data, 't10k')
    if args.train_limit:
        xtr, ytr = xtr[:args.train_limit], ytr[:args.train_limit]
    for model_id in args.models.split(','):
        if model_id not in RECIPES:
            sys.exit(f'unknown model id {model_id!r}; expected one of {", ".join(RECIPES)}')
        recipe = RECIPES[model_id]
        model, epochs, seconds = train(model_id, recipe, xtr, ytr, xte, yte, args.seed, args.epochs, args.threads)
        dump(model_id, model, recipe, epochs, seconds, args.seed, len(xtr), xte, yte, args.out)


if __name__ == '__main__':
    main()
