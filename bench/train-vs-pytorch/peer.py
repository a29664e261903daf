"""PyTorch peer for the training benchmark: the same decoder, optimizer and batch as `scalinglab train`.

Pre-LayerNorm GPT blocks (learned positions, tied head, GELU MLP, biases), AdamW (betas 0.9/0.95,
decay 0.1 on matrices), clipping at 1.0, random windows of the same byte-level token file. Debian 12's
torch 1.13 has no scaled_dot_product_attention, so attention is written out with a causal mask.
bf16 uses CPU autocast (bfloat16 matrix products, float32 weights and optimizer state).
Prints one JSON line: parameters, steps, tokensPerSecond (tokens / summed step time, all steps).
"""
import argparse, json, math, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, ffn, ctx):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, ffn)
        self.out = nn.Linear(ffn, d)
        self.register_buffer("mask", torch.ones(ctx, ctx, dtype=torch.bool).triu(1), persistent=False)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // self.heads))
        att = att.masked_fill(self.mask[:t, :t], float("-inf")).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class Decoder(nn.Module):
    def __init__(self, layers, d, heads, vocab, ctx):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList([Block(d, heads, 4 * d, ctx) for _ in range(layers)])
        self.lnf = nn.LayerNorm(d)
        # The same initialisation as ScalingLab's decoder (GPT-2 style); PyTorch's N(0, 1) embedding
        # default would start a tied head far from uniform.
        for name, p in self.named_parameters():
            if p.dim() >= 2:
                std = 0.01 if name == "wpe.weight" else 0.02 / math.sqrt(2 * layers) if name.endswith(("proj.weight", "out.weight")) else 0.02
                nn.init.normal_(p, 0.0, std)
            elif "ln" not in name:
                nn.init.zeros_(p)

    def forward(self, ids):
        x = self.wte(ids) + self.wpe.weight[: ids.shape[1]]
        for blk in self.blocks:
            x = blk(x)
        return F.linear(self.lnf(x), self.wte.weight)  # tied head


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--d-model", type=int, required=True)
    ap.add_argument("--context", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--precision", choices=["f32", "bf16"], default="f32")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    tokens = np.memmap(a.data + "/train.bin", dtype=np.uint8, mode="r")
    model = Decoder(a.layers, a.d_model, max(1, a.d_model // 64), 256, a.context)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    plain = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": plain, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95))
    rng = np.random.default_rng(1)
    total = 0.0
    for _ in range(a.steps):
        t0 = time.perf_counter()
        starts = rng.integers(0, len(tokens) - a.context - 1, a.batch)
        w = torch.from_numpy(np.stack([tokens[s:s + a.context + 1] for s in starts]).astype(np.int64))
        x, y = w[:, :-1], w[:, 1:]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16"):
            logits = model(x)
        loss = F.cross_entropy(logits.float().reshape(-1, 256), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()
        total += time.perf_counter() - t0
    print(json.dumps({"parameters": sum(p.numel() for p in model.parameters()), "steps": a.steps,
                      "tokensPerSecond": a.steps * a.batch * a.context / total, "finalLoss": loss.item()}))


if __name__ == "__main__":
    main()
