"""Reads a TransferGrid safetensors checkpoint with Python's safetensors and prints, per
tensor, its name, shape and the sum of its values (float64, 4 decimals), sorted by name.
Used by the engine's tests to prove the files are standard safetensors.

Run: python3 scripts/read_checkpoint.py FILE
"""
import sys
import numpy as np
from safetensors.numpy import load_file

tensors = load_file(sys.argv[1])
for name in sorted(tensors):
    t = tensors[name]
    assert t.dtype == np.float32, f"{name}: {t.dtype}"
    print(f"{name} {'x'.join(str(s) for s in t.shape)} {t.astype(np.float64).sum():.4f}")
