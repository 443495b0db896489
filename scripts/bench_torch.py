"""The benchmark peer: the same model (scripts/engine_reference.py), batch and thread count in
PyTorch CPU. Prints JSON: {size: {mode: examples per second}} with the engine's mode names.

Run: python3 scripts/bench_torch.py --sizes small,medium,large --batch 16 --threads 1 --seconds 2
(`transfergrid bench engine --torch` runs it and sets the numbers side by side.)
"""
import argparse
import json
import math
import statistics
import sys
import time

import torch

sys.path.insert(0, __import__("os").path.dirname(__file__))
from engine_reference import SIZES, forward, initial_weights, lora_shapes


def median_seconds(fn, budget):
    fn()
    times, start = [], time.perf_counter()
    while len(times) < 5 or time.perf_counter() - start < budget:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def batch(c, n, g):
    images = torch.rand(n, c.maxImages, c.imageSize, c.imageSize, c.channels, generator=g)
    image_counts = torch.randint(1, c.maxImages + 1, (n,), generator=g)
    used = torch.randint(1, c.maxQuestionTokens + 1, (n,), generator=g)
    tokens = torch.randint(1, c.vocabularySize, (n, c.maxQuestionTokens), generator=g)
    tokens = torch.where(torch.arange(c.maxQuestionTokens)[None, :] < used[:, None], tokens, 0)
    tokens[:, 0] = 1
    option_counts = torch.randint(2, c.options + 1, (n,), generator=g)
    answers = (torch.rand(n, generator=g) * option_counts).long()
    used = torch.clamp(used, min=c.options + 1)
    tokens = torch.randint(1, c.vocabularySize, (n, c.maxQuestionTokens), generator=g)
    tokens = torch.where(torch.arange(c.maxQuestionTokens)[None, :] < used[:, None], tokens, 0)
    option_positions = torch.arange(1, c.options + 1).repeat(n, 1)
    return images, image_counts, tokens, option_counts, option_positions, answers


def measure(c, n, seconds):
    g = torch.Generator().manual_seed(1)
    W = initial_weights(c, g)
    inputs = batch(c, n, g)
    results = {}
    with torch.no_grad():
        results["eval"] = n / median_seconds(lambda: forward(W, c, *inputs), seconds)

    for v in W.values():
        v.requires_grad_(True)
    opt = torch.optim.AdamW(list(W.values()), lr=1e-4, weight_decay=0.01)

    def full_step():
        opt.zero_grad(set_to_none=False)
        loss, _ = forward(W, c, *inputs)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(W.values()), 1.0)
        opt.step()

    results["train (full)"] = n / median_seconds(full_step, seconds)

    for v in W.values():
        v.requires_grad_(False)
    L = {}
    for name, shape in lora_shapes(c, 8).items():
        L[name] = (torch.randn(shape, generator=g) / math.sqrt(shape[0]) if name.endswith("lora_a") else torch.zeros(shape)).requires_grad_(True)
    lora_opt = torch.optim.AdamW(list(L.values()), lr=1e-4, weight_decay=0.0)

    def lora_step():
        lora_opt.zero_grad(set_to_none=False)
        loss, _ = forward(W, c, *inputs, lora=L, lora_alpha=16.0, lora_rank=8)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(L.values()), 1.0)
        lora_opt.step()

    results["train (LoRA)"] = n / median_seconds(lora_step, seconds)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "results": {}}
    for size in args.sizes.split(","):
        out["results"][size] = measure(SIZES[size], args.batch, args.seconds)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
