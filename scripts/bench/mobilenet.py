"""One evaluation of torchvision's MobileNetV2 (5 classes) at 224x224 on a batch, on this machine's CPU.

Usage: python3 scripts/bench/mobilenet.py BATCH [THREADS]. Prints the median of 3 timed forwards in ms.
Timing does not depend on the weight values; the network is torchvision.models.mobilenet_v2.
"""
import sys
import time

import torch
import torchvision

batch = int(sys.argv[1])
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
model = torchvision.models.mobilenet_v2(num_classes=5).eval()
x = torch.rand(batch, 3, 224, 224) * 2 - 1
times = []
with torch.no_grad():
    model(x)
    for _ in range(3):
        t0 = time.perf_counter()
        model(x)
        times.append((time.perf_counter() - t0) * 1000)
print(f"{sorted(times)[1]:.1f}")
