#!/usr/bin/python3
"""Writes src/core/pruning/fixtures/torch-masks.json: masks from torch.nn.utils.prune on seeded
weights without ties, stored in TF.js layouts (conv [kh, kw, in, out], dense [in, out]).

Run with Debian's PyTorch: /usr/bin/python3 scripts/crosscheck/torch_prune_vectors.py
"""
import json
import os

import torch
import torch.nn.utils.prune as prune

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'core', 'pruning', 'fixtures', 'torch-masks.json')


def conv_to_tfjs(t):  # [out, in, kh, kw] -> [kh, kw, in, out]
    return t.permute(2, 3, 1, 0).contiguous()


def dense_to_tfjs(t):  # [out, in] -> [in, out]
    return t.t().contiguous()


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def mask_list(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def make_modules():
    torch.manual_seed(2024)
    conv = torch.nn.Conv2d(3, 6, 3)
    dense = torch.nn.Linear(10, 8)
    return conv, dense


def to_tfjs(module, t):
    return conv_to_tfjs(t) if t.dim() == 4 else dense_to_tfjs(t)


def tensor_entry(name, module):
    w = module.weight.detach()
    assert torch.unique(w.abs()).numel() == w.numel(), 'fixture weights must have no ties'
    return {'name': name, 'shape': list(to_tfjs(module, w).shape), 'values': flat(to_tfjs(module, w))}


def main():
    conv, dense = make_modules()
    modules = {'conv': conv, 'dense': dense}
    doc = {
        'torch': torch.__version__,
        'layout': 'TF.js: conv [kh, kw, in, out], dense [in, out]; masks in the same layout',
        'tensors': [tensor_entry(n, m) for n, m in modules.items()],
        'cases': [],
    }

    def run(kind, params, fn, tensors):
        c, d = make_modules()
        mods = {'conv': c, 'dense': d}
        fn(mods)
        masks = {n: mask_list(to_tfjs(mods[n], mods[n].weight_mask)) for n in tensors}
        doc['cases'].append({'kind': kind, **params, 'masks': masks})

    for amount in [0.1, 0.25, 0.3, 0.5, 0.75, 0.9]:
        for name in modules:
            run('l1_unstructured', {'tensor': name, 'amount': amount},
                lambda m, name=name, amount=amount: prune.l1_unstructured(m[name], 'weight', amount=amount), [name])
    for n in [1, 2]:
        for dim in [0, 1]:
            for amount in [0.25, 0.5, 0.7]:
                for name in modules:
                    run('ln_structured', {'tensor': name, 'amount': amount, 'n': n, 'dim': dim},
                        lambda m, name=name, amount=amount, n=n, dim=dim: prune.ln_structured(m[name], 'weight', amount=amount, n=n, dim=dim), [name])
    for amount in [0.2, 0.45, 0.8]:
        run('global_unstructured', {'tensors': ['conv', 'dense'], 'amount': amount},
            lambda m, amount=amount: prune.global_unstructured([(m['conv'], 'weight'), (m['dense'], 'weight')],
                                                               pruning_method=prune.L1Unstructured, amount=amount), ['conv', 'dense'])
    for name in modules:
        def twice(m, name=name):
            prune.l1_unstructured(m[name], 'weight', amount=0.5)
            prune.l1_unstructured(m[name], 'weight', amount=0.5)
        run('l1_unstructured_twice', {'tensor': name, 'amount': 0.5}, twice, [name])

    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {len(doc["cases"])} cases to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
