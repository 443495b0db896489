#!/usr/bin/env python3
"""A TransferGrid runner for Qwen2.5-VL Instruct: PEFT LoRA finetuning on the grid's exported
training questions, scoring on BLINK's validation split (the paper's benchmark) or on the
grid's exported held-out questions. The runner contract is docs/runners.md.

    transfergrid worker --no-engine --accelerators 0,1,2,3 --jobs 4 \\
        --runner 'qwen2.5-vl-3b=python3 runners/qwen_vl/runner.py --model Qwen/Qwen2.5-VL-3B-Instruct'

Needs: torch, transformers (>= 4.49, with Qwen2.5-VL), peft, pillow, and datasets for BLINK.

Tested here (RunnerTests, CPU, no download): `--tiny` builds a randomly initialised Qwen2.5-VL of
about 120,000 parameters and a byte-level tokenizer locally, and the grid's finetune and
evaluation jobs run through this file's real code paths (prompts, image tokens, label masking,
LoRA training, saving and loading the adapter, greedy answers, result.json) on exported
questions. Not tested here: the released 3B/7B/32B weights, a GPU, BLINK's download (the
`datasets` call and the subset mapping), multi-GPU launchers.
"""
import argparse
import hashlib
import json
import math
import os
import re
import subprocess
import sys

import torch

RETRY = 75  # the contract's "try again" exit status
LETTERS = "ABCDEFGH"
# The grid's task abbreviations and BLINK's subsets (the paper's 13 of BLINK's 14).
BLINK_SUBSETS = {
    "VS": "Visual_Similarity", "AS": "Art_Style", "VC": "Visual_Correspondence", "RD": "Relative_Depth",
    "RR": "Relative_Reflectance", "SR": "Spatial_Relation", "JG": "Jigsaw", "CN": "Counting",
    "FC": "Functional_Correspondence", "SC": "Semantic_Correspondence", "MR": "Multi-view_Reasoning",
    "OL": "Object_Localization", "FD": "Forensic_Detection",
}
INSTRUCTION = "Answer with the option's letter from the given choices directly."


def progress(step, total, loss=None):
    line = {"step": step, "total": total}
    if loss is not None:
        line["loss"] = float(loss)
    print(json.dumps(line), flush=True)


# --- model and tokenizer -------------------------------------------------------------------

def tiny_model(seed=0):
    """A randomly initialised Qwen2.5-VL and a byte-level BPE tokenizer, built locally (tests)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    corpus = ["system user assistant You are a helpful assistant. " + INSTRUCTION + " (A) (B) (C) (D) (E)"] * 4
    bpe.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=320, special_tokens=specials,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in specials}
    config = Qwen2_5_VLConfig(
        text_config=dict(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
                         rope_scaling={"type": "mrope", "mrope_section": [1, 1, 2]},
                         bos_token_id=ids["<|endoftext|>"], eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"]),
        vision_config=dict(depth=2, hidden_size=32, intermediate_size=64, num_heads=2, out_hidden_size=32,
                           fullatt_block_indexes=[1], window_size=56),
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"])
    torch.manual_seed(seed)
    return Qwen2_5_VLForConditionalGeneration(config), tokenizer


def load(args, job, device):
    """The base model (the job's given base, else --model), its tokenizer and image processor."""
    from transformers import AutoTokenizer, Qwen2_5_VLForConditionalGeneration
    try:
        from transformers import Qwen2VLImageProcessor as ImageProcessor
        ImageProcessor(min_pixels=56 * 56, max_pixels=56 * 56)
    except Exception:  # without torchvision
        from transformers import Qwen2VLImageProcessorPil as ImageProcessor
    images = ImageProcessor(min_pixels=args.min_pixels, max_pixels=args.max_pixels)
    if args.tiny:
        model, tokenizer = tiny_model()
    else:
        name = args.model or job["given_base"]
        dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
        model = Qwen2_5_VLForConditionalGeneration.from_pretrained(name, torch_dtype=dtype)
        tokenizer = AutoTokenizer.from_pretrained(name)
        tokenizer.padding_side = "right"
    return model.to(device), tokenizer, images


# --- questions -----------------------------------------------------------------------------

def exported(job, spec, folder):
    """One of the job's question sets, exported by the worker's transfergrid."""
    from PIL import Image
    shift = ",".join(str(x) for x in spec["shift"])
    subprocess.run([job["transfergrid"], "tasks", "export", "--task", spec["task"], "--split", spec["split"],
                    "--seed", str(spec["seed"]), "--count", str(spec["count"]), "--version", str(spec["version"]),
                    "--benchmark-shift", shift, "--out", folder], check=True, stdout=subprocess.DEVNULL)
    questions = []
    for line in open(os.path.join(folder, "questions.jsonl")):
        q = json.loads(line)
        questions.append({"images": [Image.open(os.path.join(folder, p)).convert("RGB") for p in q["images"]],
                          "question": q["question"], "choices": q["choices"], "answer": q["answer_index"]})
    digest = json.load(open(os.path.join(folder, "manifest.json")))["questions_digest"]
    return questions, digest


def blink(task, count):
    """The first `count` questions of BLINK's validation subset for `task`, and their digest."""
    from datasets import load_dataset
    subset = BLINK_SUBSETS[task]
    rows = load_dataset("BLINK-Benchmark/BLINK", subset, split="val")
    questions, ids = [], []
    for row in rows.select(range(min(count, len(rows)))):
        images = [row[f"image_{k}"].convert("RGB") for k in range(1, 5) if row.get(f"image_{k}") is not None]
        questions.append({"images": images, "question": row["question"], "choices": row["choices"],
                          "answer": LETTERS.index(row["answer"].strip("()"))})
        ids.append(str(row["idx"]))
    digest = hashlib.sha256(("BLINK-Benchmark/BLINK/" + subset + "/val/" + ",".join(ids)).encode()).hexdigest()
    return questions, digest


def prompt(q):
    """Qwen's chat format, written out (no chat template needed): the images, the question and
    the lettered choices; the assistant's turn follows."""
    images = "<|vision_start|><|image_pad|><|vision_end|>" * len(q["images"])
    choices = "\n".join(f"({LETTERS[i]}) {c}" for i, c in enumerate(q["choices"]))
    return ("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
            f"{images}{q['question']}\n{choices}\n{INSTRUCTION}<|im_end|>\n<|im_start|>assistant\n")


def encode(questions, answers, tokenizer, processor, device):
    """Inputs for a batch: each image's <|image_pad|> widened to its number of merged patches;
    with answers, labels that supervise only the answer and the end of turn."""
    images = [image for q in questions for image in q["images"]]
    vision = processor(images=images, return_tensors="pt")
    merge = processor.merge_size ** 2
    counts = iter([int(t.prod()) // merge for t in vision["image_grid_thw"]])
    texts, prompts = [], []
    for i, q in enumerate(questions):
        text = re.sub(re.escape("<|image_pad|>"), lambda _: "<|image_pad|>" * next(counts), prompt(q))
        prompts.append(text)
        texts.append(text + (f"({LETTERS[answers[i]]})<|im_end|>" if answers is not None else ""))
    tokenizer.padding_side = "right" if answers is not None else "left"
    batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    inputs = {"input_ids": batch["input_ids"].to(device), "attention_mask": batch["attention_mask"].to(device),
              "pixel_values": vision["pixel_values"].to(device), "image_grid_thw": vision["image_grid_thw"].to(device)}
    if answers is not None:
        labels = inputs["input_ids"].clone()
        for i, text in enumerate(prompts):
            labels[i, :len(tokenizer(text, add_special_tokens=False)["input_ids"])] = -100
        labels[inputs["attention_mask"] == 0] = -100
        inputs["labels"] = labels
    return inputs


def answer_of(text):
    """The letter a generated answer names: "(B)", "B", "B." or "The answer is B"."""
    match = re.search(r"\(?([A-H])\)?", text)
    return LETTERS.index(match.group(1)) if match else -1


# --- jobs ----------------------------------------------------------------------------------

def finetune(args, job, device):
    from peft import LoraConfig, get_peft_model
    hp = job["hyperparameters"]
    model, tokenizer, processor = load(args, job, device)
    model = get_peft_model(model, LoraConfig(r=hp["lora_rank"], lora_alpha=hp["lora_alpha"], lora_dropout=0.05,
                                             target_modules=["q_proj", "k_proj", "v_proj", "o_proj"], task_type="CAUSAL_LM"))
    sets = [exported(job, spec, f"questions/{i}")[0] for i, spec in enumerate(job["questions"])]
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=hp["learning_rate"], weight_decay=hp["weight_decay"])
    generator = torch.Generator().manual_seed(job["seed"])
    model.train()
    loss = torch.tensor(float("nan"))
    for step in range(hp["steps"]):
        questions = sets[step % len(sets)]
        start = (step // len(sets)) * hp["batch_size"]
        rows = [questions[(start + i) % len(questions)] for i in range(hp["batch_size"])]
        answers = [q["answer"] if not job["shuffled_labels"] else int(torch.randint(len(q["choices"]), (1,), generator=generator))
                   for q in rows]
        warm = hp["warmup_steps"]
        lr = hp["learning_rate"] * ((step + 1) / warm if step < warm else
                                    0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, hp["steps"] - warm))))
        for group in optimiser.param_groups:
            group["lr"] = lr
        loss = model(**encode(rows, answers, tokenizer, processor, device)).loss
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, hp["grad_clip"])
        optimiser.step()
        progress(step + 1, hp["steps"], loss.item())
    model.save_pretrained("output")
    json.dump({"output": "output", "final_loss": float(loss.item())}, open("result.json", "w"))


def evaluate(args, job, device):
    model, tokenizer, processor = load(args, job, device)
    if "adapter" in job["inputs"]:
        from peft import PeftModel
        model = PeftModel.from_pretrained(model, job["inputs"]["adapter"])
    model.eval()
    count = job["hyperparameters"]["eval_examples"]
    if args.benchmark == "blink":
        questions, digest = blink(job["target"], count)
        if len(questions) < count:
            print(f"BLINK's {BLINK_SUBSETS[job['target']]} has {len(questions)} validation questions; the grid asks for {count}", file=sys.stderr)
            return 2
    else:
        questions, digest = exported(job, job["questions"][0], "questions/0")
    correct = []
    with torch.no_grad():
        for start in range(0, len(questions), args.eval_batch):
            rows = questions[start:start + args.eval_batch]
            inputs = encode(rows, None, tokenizer, processor, device)
            out = model.generate(**inputs, max_new_tokens=5, do_sample=False, pad_token_id=tokenizer.pad_token_id)
            texts = tokenizer.batch_decode(out[:, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
            correct += [answer_of(t) == q["answer"] for t, q in zip(texts, rows)]
            progress(len(correct), len(questions))
    json.dump({"n_correct": sum(correct), "n_total": len(correct), "correct": correct, "questions_digest": digest},
              open("result.json", "w"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="a Hugging Face name or local path (default: the grid's given base)")
    parser.add_argument("--tiny", action="store_true", help="a tiny random Qwen2.5-VL built locally (tests; no download)")
    parser.add_argument("--benchmark", choices=["blink", "exported"], default="blink",
                        help="what an evaluation scores: BLINK's validation split, or the grid's exported questions")
    parser.add_argument("--min-pixels", type=int, default=56 * 56)
    parser.add_argument("--max-pixels", type=int, default=448 * 448)
    parser.add_argument("--eval-batch", type=int, default=8)
    args = parser.parse_args()
    job = json.load(open(os.environ["TRANSFERGRID_JOB"]))
    if job["kind"] == "pretrain":
        print("this runner starts from a released model: give the grid's model a base (runner_models: {NAME: {base: ...}})",
              file=sys.stderr)
        return 2
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(job["seed"])
    try:
        (finetune if job["kind"] == "finetune" else evaluate)(args, job, device)
    except torch.cuda.OutOfMemoryError as error:
        print(f"out of GPU memory: {error}", file=sys.stderr)
        return RETRY
    return 0


if __name__ == "__main__":
    sys.exit(main() or 0)
