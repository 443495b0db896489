"""Writes Tests/EngineTests/Golden/engine_golden.safetensors: a tiny model's weights, a batch,
and PyTorch's logits, loss and gradients for it, with LoRA off and on, computed in float64.
The Swift test (EngineGoldenTests) needs no PyTorch: it reads this file.

Run: python3 scripts/make_engine_golden.py   (needs torch and safetensors)
"""
import json
import os
import torch
from safetensors.torch import save_file

from engine_reference import Config, forward, parameter_shapes, lora_shapes

torch.manual_seed(0)
g = torch.Generator().manual_seed(1234)
c = Config(16, 2, 2, imageSize=8, patchSize=4, maxImages=2, maxQuestionTokens=4, vocabularySize=10)
rank, alpha = 2, 4.0
dt = torch.float64

W = {n: (torch.randn(s, generator=g, dtype=dt) * 0.3).requires_grad_() for n, s in parameter_shapes(c).items()}
L = {n: (torch.randn(s, generator=g, dtype=dt) * 0.3).requires_grad_() for n, s in lora_shapes(c, rank).items()}

B = 3
images = torch.rand(B, c.maxImages, c.imageSize, c.imageSize, c.channels, generator=g, dtype=dt)
image_counts = torch.tensor([1, 2, 1])
tokens = torch.tensor([[1, 0, 0, 0], [1, 4, 0, 0], [1, 9, 3, 0]])
option_counts = torch.tensor([2, 3, 4])
# Options named by question slots (only slots holding tokens); options may share a slot.
option_positions = torch.tensor([[0, 0, 0, 0], [1, 0, 1, 0], [1, 2, 0, 2]])
answers = torch.tensor([1, 0, 3])

out = {}
for name, value in W.items():
    out[name] = value.detach().float()
for name, value in L.items():
    out[name] = value.detach().float()
out["input.images"] = images.float()
out["input.image_counts"] = image_counts.float()
out["input.tokens"] = tokens.float()
out["input.option_counts"] = option_counts.float()
out["input.option_positions"] = option_positions.float()
out["input.answers"] = answers.float()

# The reference computes in float64 from the float32-rounded weights the engine will load.
W64 = {n: v.detach().float().double().requires_grad_() for n, v in W.items()}
L64 = {n: v.detach().float().double().requires_grad_() for n, v in L.items()}
images64 = images.float().double()

loss, logits = forward(W64, c, images64, image_counts, tokens, option_counts, option_positions, answers)
loss.backward()
out["base.loss"] = loss.detach().float().reshape(1)
out["base.logits"] = logits.detach().float()
for name, value in W64.items():
    out["base.grad." + name] = value.grad.float()

for v in W64.values():
    v.grad = None
loss, logits = forward(W64, c, images64, image_counts, tokens, option_counts, option_positions, answers, lora=L64, lora_alpha=alpha, lora_rank=rank)
loss.backward()
out["lora.loss"] = loss.detach().float().reshape(1)
out["lora.logits"] = logits.detach().float()
for name, value in L64.items():
    out["lora.grad." + name] = value.grad.float()

path = os.path.join(os.path.dirname(__file__), "..", "Tests", "EngineTests", "Golden", "engine_golden.safetensors")
os.makedirs(os.path.dirname(path), exist_ok=True)
save_file({k: v.contiguous() for k, v in out.items()}, path,
          metadata={"config": json.dumps(c.to_dict(), sort_keys=True), "lora_rank": str(rank), "lora_alpha": str(alpha),
                    "torch": torch.__version__})
print(f"wrote {path}: {len(out)} tensors")
