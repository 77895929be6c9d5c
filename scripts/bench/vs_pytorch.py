"""The PyTorch side of `npm run bench -- vs-pytorch`: the demo LeNet-5 (read from its TF.js files),
Distiller's sensitivity analysis done plainly (every (tensor, level) cell prunes one tensor with the
level pruner and evaluates the whole test set), and masked fine-tuning with the masks re-applied after
every optimizer step, as Distiller does. Prints one JSON object.
Usage: vs_pytorch.py REPO_ROOT THREADS [all|finetune [IMAGES]]  (finetune: skip the sweep; IMAGES: fine-tune
on the first IMAGES training images, default all 10k)"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

root, threads = sys.argv[1], int(sys.argv[2])
mode = sys.argv[3] if len(sys.argv) > 3 else 'all'
train_images = int(sys.argv[4]) if len(sys.argv) > 4 else None
torch.set_num_threads(threads)
model_dir = os.path.join(root, 'public', 'models', 'lenet5')
data_dir = os.path.join(root, 'public', 'data', 'fashion-mnist')


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images(prefix):
    x = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte.gz')).astype(np.float32) / 255.0
    y = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte.gz')).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


manifest = json.load(open(os.path.join(model_dir, 'model.json')))['weightsManifest'][0]
blob = open(os.path.join(model_dir, manifest['paths'][0]), 'rb').read()
tf_weights, at = {}, 0
for w in manifest['weights']:
    n = int(np.prod(w['shape']))
    tf_weights[w['name']] = np.frombuffer(blob, dtype=np.float32, count=n, offset=at).reshape(w['shape'])
    at += 4 * n


def torch_layout(name, w):
    # TF.js conv [kh, kw, in, out] -> [out, in, kh, kw]; dense [in, out] -> [out, in]
    return np.ascontiguousarray(w.transpose(3, 2, 0, 1) if w.ndim == 4 else w.T)


params = {k: torch.tensor(torch_layout(k, v)) for k, v in tf_weights.items()}
TENSORS = ['conv1/kernel', 'conv2/kernel', 'fc1/kernel', 'fc2/kernel']


def forward(p, x):
    x = F.max_pool2d(F.relu(F.conv2d(x, p['conv1/kernel'], p['conv1/bias'])), 2)
    x = F.max_pool2d(F.relu(F.conv2d(x, p['conv2/kernel'], p['conv2/bias'])), 2)
    x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # TF.js flattens channels-last
    x = F.relu(F.linear(x, p['fc1/kernel'], p['fc1/bias']))
    return F.linear(x, p['fc2/kernel'], p['fc2/bias'])


def level_mask(w, sparsity):
    # Distiller's SparsityLevelParameterPruner: prune the floor(s * n) smallest |w|
    k = int(sparsity * w.numel())
    if k == 0:
        return torch.ones_like(w)
    threshold = w.abs().flatten().kthvalue(k).values
    return (w.abs() > threshold).float()


def evaluate(p, x, y, batch=1000):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (forward(p, x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return 100.0 * correct / len(x)


def sweep():
    x_test, y_test = images('t10k')
    levels = [round(0.05 * i, 2) for i in range(19)]
    evaluate(params, x_test[:1000], y_test[:1000])  # warm-up
    t0 = time.perf_counter()
    top1 = {}
    for name in TENSORS:
        dense = params[name].clone()
        for s in levels:
            params[name] = dense * level_mask(dense, s)
            top1[f'{name}@{s:.2f}'] = evaluate(params, x_test, y_test)
        params[name] = dense
    return time.perf_counter() - t0, top1


x_train, y_train = images('train-10k')
x_train, y_train = x_train[:train_images], y_train[:train_images]
train = {k: v.clone().requires_grad_(True) for k, v in params.items()}
masks = {name: level_mask(train[name].detach(), 0.5) for name in TENSORS}
opt = torch.optim.SGD(train.values(), lr=0.01, momentum=0.9)
batch, steps = 64, len(x_train) // 64
t0 = time.perf_counter()
with torch.no_grad():
    for name, m in masks.items():
        train[name].mul_(m)
for step in range(steps):
    xb, yb = x_train[step * batch:(step + 1) * batch], y_train[step * batch:(step + 1) * batch]
    opt.zero_grad()
    loss = F.cross_entropy(forward(train, xb), yb)
    loss.backward()
    opt.step()
    with torch.no_grad():
        for name, m in masks.items():
            train[name].mul_(m)
finetune_s = time.perf_counter() - t0
figures = {'threads': threads, 'finetune_images_per_second': steps * batch / finetune_s}
if mode == 'all':
    sweep_s, top1 = sweep()
    figures.update(sweep_seconds=sweep_s, cells=len(top1), dense_top1=top1['conv1/kernel@0.00'])
print(json.dumps(figures))
