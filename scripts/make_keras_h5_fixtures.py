"""Keras 2 .h5 fixtures for the Keras engine's tests, written with h5py in Keras 2's layout
(model_config and model_weights/<layer>/<layer>/<weight>:0), with numpy's forward pass as reference.

Run with Debian's h5py: /usr/bin/python3 scripts/make_keras_h5_fixtures.py
"""
import json
import os
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "core", "engine", "keras-h5", "fixtures")
rng = np.random.RandomState(5)

CONFIG = {
    "class_name": "Sequential",
    "config": {
        "name": "small_cnn",
        "layers": [
            {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8, 8, 1], "dtype": "float32",
                                                    "sparse": False, "ragged": False, "name": "input_1"}},
            {"class_name": "Conv2D", "config": {"name": "conv", "trainable": True, "dtype": "float32", "filters": 4,
                                                "kernel_size": [3, 3], "strides": [1, 1], "padding": "same",
                                                "data_format": "channels_last", "dilation_rate": [1, 1],
                                                "groups": 1, "activation": "relu", "use_bias": True}},
            {"class_name": "BatchNormalization", "config": {"name": "bn", "trainable": True, "dtype": "float32",
                                                            "axis": [3], "momentum": 0.99, "epsilon": 0.001,
                                                            "center": True, "scale": True}},
            {"class_name": "Flatten", "config": {"name": "flatten", "trainable": True, "dtype": "float32",
                                                 "data_format": "channels_last"}},
            {"class_name": "Dense", "config": {"name": "dense", "trainable": True, "dtype": "float32", "units": 10,
                                               "activation": "softmax", "use_bias": True}},
        ],
    },
}

WEIGHTS = {
    "conv": {"kernel": rng.randn(3, 3, 1, 4), "bias": rng.randn(4) * 0.1},
    "bn": {"gamma": rng.uniform(0.5, 1.5, 4), "beta": rng.randn(4) * 0.1,
           "moving_mean": rng.randn(4) * 0.1, "moving_variance": rng.uniform(0.5, 1.5, 4)},
    "dense": {"kernel": rng.randn(256, 10) * 0.1, "bias": rng.randn(10) * 0.1},
}


def forward(x):
    w = {k: {n: v.astype(np.float32) for n, v in d.items()} for k, d in WEIGHTS.items()}
    pad = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    y = np.zeros((x.shape[0], 8, 8, 4), np.float32)
    for i in range(8):
        for j in range(8):
            y[:, i, j, :] = np.tensordot(pad[:, i:i + 3, j:j + 3, :], w["conv"]["kernel"], axes=([1, 2, 3], [0, 1, 2]))
    y = np.maximum(y + w["conv"]["bias"], 0)
    bn = w["bn"]
    y = (y - bn["moving_mean"]) / np.sqrt(bn["moving_variance"] + 0.001) * bn["gamma"] + bn["beta"]
    z = y.reshape(x.shape[0], -1) @ w["dense"]["kernel"] + w["dense"]["bias"]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def write_weights(group):
    group.attrs["layer_names"] = [b"input_1", b"conv", b"bn", b"flatten", b"dense"]
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.11.0"
    for layer in ["input_1", "conv", "bn", "flatten", "dense"]:
        g = group.create_group(layer)
        names = list(WEIGHTS.get(layer, {}))
        g.attrs["weight_names"] = [f"{layer}/{n}:0".encode() for n in names]
        for n in names:
            g.create_dataset(f"{layer}/{n}:0", data=WEIGHTS[layer][n].astype(np.float32))


def main():
    os.makedirs(OUT, exist_ok=True)
    with h5py.File(os.path.join(OUT, "small-cnn.h5"), "w") as f:
        f.attrs["keras_version"] = b"2.11.0"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(CONFIG).encode()
        write_weights(f.create_group("model_weights"))
    with h5py.File(os.path.join(OUT, "weights-only.h5"), "w") as f:
        write_weights(f)
    with zipfile.ZipFile(os.path.join(OUT, "small-cnn.keras"), "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3"}))
        z.writestr("config.json", json.dumps(CONFIG))
    x = rng.randn(3, 8, 8, 1).astype(np.float32)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"x": x.reshape(-1).tolist(), "probabilities": forward(x).reshape(-1).tolist()}, f)


if __name__ == "__main__":
    main()
