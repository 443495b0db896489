#!/usr/bin/env python3
"""TransferGrid's reference runner: pretraining, LoRA finetuning and evaluation of the engine's
model family in PyTorch (CPU), on the questions `transfergrid tasks export` writes.

It is the tested example of the runner contract (docs/runners.md) and the template to copy for
a real model: read job.json, do the job, print progress lines, write result.json. Configure it
on a worker, never on the coordinator:

    transfergrid worker --runner 'ref-small=python3 runners/reference/runner.py --size small'

The job folder is the working directory; TRANSFERGRID_JOB names its job.json.
"""
import argparse
import json
import math
import os
import subprocess
import sys

import numpy as np
import torch
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import engine_reference as ref  # noqa: E402  (the model family, shared with the golden tests)

RETRY = 75  # the contract's exit status for "try again elsewhere"


def progress(step, total, loss=None):
    line = {"step": step, "total": total}
    if loss is not None:
        line["loss"] = float(loss)
    print(json.dumps(line), flush=True)


def export(job, spec, folder):
    """Writes one question export with the worker's transfergrid and reads it back."""
    shift = ",".join(str(x) for x in spec["shift"])
    subprocess.run([job["transfergrid"], "tasks", "export", "--task", spec["task"], "--split", spec["split"],
                    "--seed", str(spec["seed"]), "--count", str(spec["count"]), "--version", str(spec["version"]),
                    "--benchmark-shift", shift, "--out", folder], check=True, stdout=subprocess.DEVNULL)
    lines = [json.loads(line) for line in open(os.path.join(folder, "questions.jsonl"))]
    pixels = np.load(os.path.join(folder, "pixels.npy"))
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    return lines, pixels, manifest


def batch(c, lines, pixels, rows, labels=None):
    """The model's input for questions `rows` of one export, as the engine lays it out."""
    B, k = len(rows), pixels.shape[1]
    images = torch.zeros(B, c.maxImages, c.imageSize, c.imageSize, c.channels)
    images[:, :k] = torch.from_numpy(pixels[rows])
    tokens = torch.tensor([lines[r]["tokens"] for r in rows], dtype=torch.long)
    counts = [len(lines[r]["choices"]) for r in rows]
    positions = torch.zeros(B, c.options, dtype=torch.long)
    for i, r in enumerate(rows):
        positions[i, :counts[i]] = torch.tensor(lines[r]["option_positions"])
    answers = labels if labels is not None else [lines[r]["answer_index"] for r in rows]
    return (images, torch.full((B,), k, dtype=torch.long), tokens, torch.tensor(counts),
            positions, torch.tensor(answers, dtype=torch.long))


def learning_rate(hp, step):
    """Linear warmup, then cosine decay to zero."""
    if step < hp["warmup_steps"]:
        return hp["learning_rate"] * (step + 1) / hp["warmup_steps"]
    span = max(1, hp["steps"] - hp["warmup_steps"])
    return hp["learning_rate"] * 0.5 * (1 + math.cos(math.pi * (step - hp["warmup_steps"]) / span))


def train(job, c, params, sets, forward):
    """AdamW on `params`; each batch draws from the exports in turn, questions in order."""
    hp = job["hyperparameters"]
    optimiser = torch.optim.AdamW(params, lr=hp["learning_rate"], weight_decay=hp["weight_decay"])
    cursors = [0] * len(sets)
    rng = np.random.default_rng(job["seed"])
    loss = torch.tensor(float("nan"))
    for step in range(hp["steps"]):
        s = step % len(sets)
        lines, pixels = sets[s]
        rows = [(cursors[s] + i) % len(lines) for i in range(hp["batch_size"])]
        cursors[s] += hp["batch_size"]
        labels = None
        if job["shuffled_labels"]:
            labels = [int(rng.integers(len(lines[r]["choices"]))) for r in rows]
        for group in optimiser.param_groups:
            group["lr"] = learning_rate(hp, step)
        loss, _ = forward(*batch(c, lines, pixels, rows, labels))
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, hp["grad_clip"])
        optimiser.step()
        if (step + 1) % 10 == 0 or step + 1 == hp["steps"]:
            progress(step + 1, hp["steps"], loss.item())
    return float(loss.item())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(ref.SIZES), default="small", help="the engine family's shape")
    args = parser.parse_args()
    job = json.load(open(os.environ["TRANSFERGRID_JOB"]))
    if job.get("given_base"):
        print(f"the reference runner pretrains its own bases; it knows no released model {job['given_base']}", file=sys.stderr)
        return 2
    torch.manual_seed(job["seed"])
    torch.set_num_threads(1)
    c, hp = ref.SIZES[args.size], job["hyperparameters"]
    exports = [export(job, spec, f"questions/{i}") for i, spec in enumerate(job["questions"])]
    os.makedirs("output", exist_ok=True)

    if job["kind"] == "pretrain":
        weights = ref.initial_weights(c, torch.Generator().manual_seed(job["seed"]))
        for tensor in weights.values():
            tensor.requires_grad_(True)
        loss = train(job, c, list(weights.values()), [(lines, pixels) for lines, pixels, _ in exports],
                     lambda *x: ref.forward(weights, c, *x))
        save_file({k: v.detach().contiguous() for k, v in weights.items()}, "output/base.safetensors")
        json.dump({"output": "output", "final_loss": loss}, open("result.json", "w"))
        return 0

    weights = load_file("inputs/base/base.safetensors")
    if job["kind"] == "finetune":
        generator = torch.Generator().manual_seed(job["seed"] + 1)
        lora = {}
        for name, shape in ref.lora_shapes(c, hp["lora_rank"]).items():
            init = torch.randn(shape, generator=generator) / math.sqrt(shape[0]) if name.endswith("lora_a") else torch.zeros(shape)
            lora[name] = init.requires_grad_(True)
        loss = train(job, c, list(lora.values()), [(lines, pixels) for lines, pixels, _ in exports],
                     lambda *x: ref.forward(weights, c, *x, lora=lora, lora_alpha=hp["lora_alpha"], lora_rank=hp["lora_rank"]))
        save_file({k: v.detach().contiguous() for k, v in lora.items()}, "output/adapter.safetensors")
        json.dump({"output": "output", "final_loss": loss}, open("result.json", "w"))
        return 0

    lora = load_file("inputs/adapter/adapter.safetensors") if "adapter" in job["inputs"] else None
    (lines, pixels, manifest), = exports
    correct = []
    with torch.no_grad():
        for start in range(0, len(lines), 64):
            rows = list(range(start, min(len(lines), start + 64)))
            x = batch(c, lines, pixels, rows)
            _, logits = ref.forward(weights, c, *x, lora=lora, lora_alpha=hp["lora_alpha"], lora_rank=hp["lora_rank"])
            valid = torch.arange(c.options)[None, :] < x[3][:, None]
            choice = logits.masked_fill(~valid, float("-inf")).argmax(dim=1)
            correct += (choice == x[5]).tolist()
            progress(len(correct), len(lines))
    json.dump({"n_correct": sum(correct), "n_total": len(correct), "correct": correct,
               "questions_digest": manifest["questions_digest"]}, open("result.json", "w"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
