"""The TransferGrid model family in PyTorch, written from the same description as the Swift
engine (Sources/Engine): the reference for the golden tests and the benchmark peer.

Layout conventions match the engine's safetensors names: linear weights are (in, out), so
y = x @ W + b; the fused QKV projection has Q, K, V column blocks in that order.
"""
import math
import torch
import torch.nn.functional as F


class Config:
    def __init__(self, width, depth, heads, mlpRatio=4, imageSize=32, patchSize=8, channels=3,
                 maxImages=4, maxQuestionTokens=16, vocabularySize=64, options=4):
        self.width, self.depth, self.heads = width, depth, heads
        self.mlpRatio, self.imageSize, self.patchSize, self.channels = mlpRatio, imageSize, patchSize, channels
        self.maxImages, self.maxQuestionTokens = maxImages, maxQuestionTokens
        self.vocabularySize, self.options = vocabularySize, options

    @property
    def patchesPerImage(self):
        return (self.imageSize // self.patchSize) ** 2

    @property
    def patchDim(self):
        return self.patchSize * self.patchSize * self.channels

    @property
    def imageTokens(self):
        return self.maxImages * self.patchesPerImage

    @property
    def sequenceLength(self):
        return self.imageTokens + self.maxQuestionTokens

    def to_dict(self):
        return {k: getattr(self, k) for k in ["width", "depth", "heads", "mlpRatio", "imageSize", "patchSize",
                                              "channels", "maxImages", "maxQuestionTokens", "vocabularySize", "options"]}


SIZES = {
    "small": Config(64, 2, 4),
    "medium": Config(128, 4, 4),
    "large": Config(256, 6, 8),
}


def parameter_shapes(c):
    d, h = c.width, c.width * c.mlpRatio
    shapes = {"patch.weight": (c.patchDim, d), "patch.bias": (d,),
              "patch_position": (c.patchesPerImage, d), "image_index": (c.maxImages, d),
              "token_embedding": (c.vocabularySize, d), "token_position": (c.maxQuestionTokens, d)}
    for i in range(c.depth):
        p = f"layers.{i}"
        shapes.update({f"{p}.ln1.weight": (d,), f"{p}.ln1.bias": (d,),
                       f"{p}.attn.qkv.weight": (d, 3 * d), f"{p}.attn.qkv.bias": (3 * d,),
                       f"{p}.attn.out.weight": (d, d), f"{p}.attn.out.bias": (d,),
                       f"{p}.ln2.weight": (d,), f"{p}.ln2.bias": (d,),
                       f"{p}.mlp.up.weight": (d, h), f"{p}.mlp.up.bias": (h,),
                       f"{p}.mlp.down.weight": (h, d), f"{p}.mlp.down.bias": (d,)})
    shapes.update({"final_ln.weight": (d,), "final_ln.bias": (d,), "head.weight": (d, 1), "head.bias": (1,)})
    return shapes


def lora_shapes(c, rank):
    d, h = c.width, c.width * c.mlpRatio
    shapes = {}
    for i in range(c.depth):
        for name, (fin, fout) in {"attn.qkv": (d, 3 * d), "attn.out": (d, d), "mlp.up": (d, h), "mlp.down": (h, d)}.items():
            shapes[f"layers.{i}.{name}.lora_a"] = (fin, rank)
            shapes[f"layers.{i}.{name}.lora_b"] = (rank, fout)
    return shapes


def patchify(images, c):
    """images: (B, maxImages, H, W, C) -> (B, imageTokens, patchDim), patches row by row,
    each patch's pixels in (row, column, channel) order."""
    B = images.shape[0]
    s, p, ch = c.imageSize, c.patchSize, c.channels
    n = s // p
    x = images.reshape(B, c.maxImages, n, p, n, p, ch).permute(0, 1, 2, 4, 3, 5, 6)
    return x.reshape(B, c.imageTokens, c.patchDim)


def linear(W, x, name, lora, scale):
    y = x @ W[name + ".weight"] + W[name + ".bias"]
    if lora is not None:
        y = y + scale * ((x @ lora[name + ".lora_a"]) @ lora[name + ".lora_b"])
    return y


def forward(W, c, images, image_counts, tokens, option_counts, option_positions, answers, lora=None, lora_alpha=16.0, lora_rank=8):
    """Returns (mean loss, logits). Everything as the Swift engine computes it.
    option_positions: (B, options) question-token slot naming each option; options past a
    question's count read slot 0 (their logits are masked)."""
    B, T, d, H = images.shape[0], c.sequenceLength, c.width, c.heads
    dh = d // H
    scale = lora_alpha / lora_rank
    P = c.patchesPerImage
    patches = patchify(images, c)
    x_img = patches @ W["patch.weight"] + W["patch.bias"]
    slots = torch.arange(c.imageTokens)
    x_img = x_img + W["patch_position"][slots % P] + W["image_index"][slots // P]
    x_tok = W["token_embedding"][tokens] + W["token_position"][torch.arange(c.maxQuestionTokens)]
    x = torch.cat([x_img, x_tok], dim=1)
    image_valid = (slots // P)[None, :] < image_counts[:, None]
    key_valid = torch.cat([image_valid, tokens != 0], dim=1)  # (B, T)
    for i in range(c.depth):
        p = f"layers.{i}"
        h = F.layer_norm(x, (d,), W[f"{p}.ln1.weight"], W[f"{p}.ln1.bias"], eps=1e-5)
        qkv = linear(W, h, f"{p}.attn.qkv", lora, scale)
        q, k, v = qkv.split(d, dim=-1)
        q = q.reshape(B, T, H, dh).transpose(1, 2)
        k = k.reshape(B, T, H, dh).transpose(1, 2)
        v = v.reshape(B, T, H, dh).transpose(1, 2)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
        scores = scores.masked_fill(~key_valid[:, None, None, :], float("-inf"))
        attn = torch.softmax(scores, dim=-1) @ v
        attn = attn.transpose(1, 2).reshape(B, T, d)
        x = x + linear(W, attn, f"{p}.attn.out", lora, scale)
        h = F.layer_norm(x, (d,), W[f"{p}.ln2.weight"], W[f"{p}.ln2.bias"], eps=1e-5)
        x = x + linear(W, F.gelu(linear(W, h, f"{p}.mlp.up", lora, scale), approximate="tanh"), f"{p}.mlp.down", lora, scale)
    option_valid = torch.arange(c.options)[None, :] < option_counts[:, None]
    slots = torch.where(option_valid, option_positions, torch.zeros_like(option_positions)) + c.imageTokens
    rows = x[torch.arange(B)[:, None], slots]  # (B, options, d)
    rows = F.layer_norm(rows, (d,), W["final_ln.weight"], W["final_ln.bias"], eps=1e-5)
    logits = (rows @ W["head.weight"]).squeeze(-1) + W["head.bias"]
    masked = logits.masked_fill(~option_valid, float("-inf"))
    loss = F.cross_entropy(masked, answers)
    return loss, logits


def initial_weights(c, generator, dtype=torch.float32):
    """Random weights with the engine's scales (not its bits: the engine has its own RNG)."""
    W = {}
    for name, shape in parameter_shapes(c).items():
        if name.endswith("ln1.weight") or name.endswith("ln2.weight") or name == "final_ln.weight":
            W[name] = torch.ones(shape, dtype=dtype)
        elif name.endswith(".bias"):
            W[name] = torch.zeros(shape, dtype=dtype)
        else:
            std = 1 / math.sqrt(c.patchDim) if name == "patch.weight" else 0.02
            if name in ("patch_position", "image_index", "token_embedding", "token_position"):
                std = 0.5
            if name.endswith("attn.out.weight") or name.endswith("mlp.down.weight"):
                std = 0.02 / math.sqrt(2 * c.depth)
            W[name] = torch.randn(shape, generator=generator, dtype=dtype) * std
    return W
