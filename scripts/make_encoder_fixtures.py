#!/usr/bin/env python3
"""Reference outputs from PyTorch for the Swift encoders' tests (run once; the outputs are committed).

A tiny random EfficientNet-Lite (stem 3→8, stages (1,3,1,1,8), (1,3,2,6,12), (2,5,1,6,12), head
12→16, input 3×15×15) written with torch's own Conv2d, BatchNorm2d (eval mode, random running
statistics) and ReLU6, with TensorFlow "SAME" padding done by F.pad, as the Lite weights expect.
Writes tiny-efficientnet-lite.safetensors (weights under the PyTorch port's names) and
tiny-efficientnet-lite.json (inputs and pooled outputs).

usage: python make_encoder_fixtures.py OUT_DIR     (needs torch)
"""
import json, math, struct, sys
import torch
import torch.nn.functional as F

torch.manual_seed(1234)
STEM, HEAD, SIZE = 8, 16, 15
STAGES = [(1, 3, 1, 1, 8), (1, 3, 2, 6, 12), (2, 5, 1, 6, 12)]
tensors = {}

def bn(name, c):
    m = torch.nn.BatchNorm2d(c, eps=1e-3)
    with torch.no_grad():
        m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.2, 0.2)
        m.running_mean.uniform_(-0.3, 0.3); m.running_var.uniform_(0.5, 2.0)
    m.eval()
    for k in ("weight", "bias", "running_mean", "running_var"):
        tensors[f"{name}.{k}"] = getattr(m, k).detach()
    return m

def conv(name, cin, cout, k, groups=1, stride=1):
    m = torch.nn.Conv2d(cin, cout, k, stride=stride, bias=False, groups=groups)
    with torch.no_grad():
        m.weight.normal_(0, 1 / math.sqrt(cin // groups * k * k))
    tensors[f"{name}.weight"] = m.weight.detach()
    return m

def same(x, k, s):
    h, w = x.shape[-2:]
    def pads(n):
        out = (n + s - 1) // s
        total = max((out - 1) * s + k - n, 0)
        return total // 2, total - total // 2
    (t, b), (l, r) = pads(h), pads(w)
    return F.pad(x, (l, r, t, b))

relu6 = lambda x: F.relu6(x)
stem, stem_bn = conv("_conv_stem", 3, STEM, 3, stride=2), bn("_bn0", STEM)
blocks, ch = [], STEM
for repeats, k, stride, e, out in STAGES:
    for r in range(repeats):
        i, hidden, s = len(blocks), ch * e, stride if r == 0 else 1
        b = {"k": k, "s": s, "cin": ch, "cout": out}
        if e != 1:
            b["expand"], b["bn0"] = conv(f"_blocks.{i}._expand_conv", ch, hidden, 1), bn(f"_blocks.{i}._bn0", hidden)
        b["dw"], b["bn1"] = conv(f"_blocks.{i}._depthwise_conv", hidden, hidden, k, groups=hidden, stride=s), bn(f"_blocks.{i}._bn1", hidden)
        b["project"], b["bn2"] = conv(f"_blocks.{i}._project_conv", hidden, out, 1), bn(f"_blocks.{i}._bn2", out)
        blocks.append(b)
        ch = out
head, head_bn = conv("_conv_head", ch, HEAD, 1), bn("_bn1", HEAD)

def forward(x):
    x = relu6(stem_bn(stem(same(x, 3, 2))))
    for b in blocks:
        y = x
        if "expand" in b:
            y = relu6(b["bn0"](b["expand"](y)))
        y = relu6(b["bn1"](b["dw"](same(y, b["k"], b["s"]))))
        y = b["bn2"](b["project"](y))
        if b["s"] == 1 and b["cin"] == b["cout"]:
            y = y + x
        x = y
    x = relu6(head_bn(head(x)))
    return x.mean(dim=(2, 3))

images = torch.randn(3, 3, SIZE, SIZE)
with torch.no_grad():
    pooled = forward(images)

def write_safetensors(path, state):
    """float32 tensors in safetensors layout: header length, JSON header (8-byte aligned), data."""
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        data = t.contiguous().float().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data); offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text))); f.write(text)
        for b in blobs: f.write(b)

out = sys.argv[1]
write_safetensors(f"{out}/tiny-efficientnet-lite.safetensors", tensors)
json.dump({"torch": torch.__version__, "size": SIZE, "images": images.flatten().tolist(), "pooled": pooled.tolist()},
          open(f"{out}/tiny-efficientnet-lite.json", "w"))
print("wrote", out, "pooled[0][:4] =", pooled[0][:4].tolist())

# A tiny random ViT from transformers itself (2 layers, dim 32, 4 heads, 8×8 patches of 32×32
# images), saved as safetensors with its pooled output for a few inputs.
try:
    from transformers import ViTConfig, ViTModel
except ImportError:
    sys.exit("transformers is not installed: the ViT fixture was not written")
torch.manual_seed(99)
config = ViTConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                   image_size=32, patch_size=8, num_channels=3, hidden_act="gelu")
vit = ViTModel(config, add_pooling_layer=True).eval()
with torch.no_grad():
    for p in vit.parameters():  # make the untrained weights less trivial (biases, norms)
        p.add_(0.05 * torch.randn_like(p))
    pixels = torch.randn(3, 3, 32, 32)
    pooled_vit = vit(pixel_values=pixels).pooler_output
write_safetensors(f"{out}/tiny-vit.safetensors", vit.state_dict())
import transformers
json.dump({"transformers": transformers.__version__, "heads": 4, "size": 32, "images": pixels.flatten().tolist(), "pooled": pooled_vit.tolist()},
          open(f"{out}/tiny-vit.json", "w"))
print("wrote tiny ViT, pooled[0][:4] =", pooled_vit[0][:4].tolist())
