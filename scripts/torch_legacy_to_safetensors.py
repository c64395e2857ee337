#!/usr/bin/env python3
"""Convert a legacy (pre-1.6, non-zip) PyTorch state dict to safetensors, without torch.

The legacy format is five pickles in a row (magic number, protocol version, system info, the
state dict whose tensors refer to storages by persistent id, the list of storage keys), followed
by each storage's raw bytes (an 8-byte little-endian element count, then the elements). Tensors
may be strided views of their storage; they are written contiguous (C order) as float32.

usage: torch_legacy_to_safetensors.py IN.pth OUT.safetensors
"""
import collections, json, pickle, struct, sys

MAGIC = 0x1950A86A20F9469CFC6C

class Storage:
    def __init__(self, kind, key):
        self.kind, self.key = kind, key

class Tensor:
    def __init__(self, storage, offset, shape, stride):
        self.storage, self.offset, self.shape, self.stride = storage, offset, tuple(shape), tuple(stride)

def rebuild_tensor_v2(storage, offset, shape, stride, *rest):
    return Tensor(storage, offset, shape, stride)

class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) in (("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor")):
            return rebuild_tensor_v2
        if module == "torch" and name.endswith("Storage"):
            return name
        raise pickle.UnpicklingError(f"unsupported global {module}.{name}")

    def persistent_load(self, pid):
        # ('storage', storage_type, key, location, size[, view_metadata])
        return Storage(pid[1], pid[2])

def main(src, dst):
    with open(src, "rb") as f:
        if Unpickler(f).load() != MAGIC:
            sys.exit(f"{src}: not a legacy PyTorch file (bad magic number)")
        Unpickler(f).load()          # protocol version
        info = Unpickler(f).load()   # system info
        if not info.get("little_endian", True):
            sys.exit(f"{src}: big-endian files are not supported")
        state = Unpickler(f).load()
        keys = Unpickler(f).load()
        kinds = {t.storage.key: t.storage.kind for t in state.values() if isinstance(t, Tensor)}
        sizes = {"FloatStorage": 4, "DoubleStorage": 8, "HalfStorage": 2, "LongStorage": 8, "IntStorage": 4,
                 "ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1, "BoolStorage": 1}
        raw = {}
        for key in keys:
            (count,) = struct.unpack("<q", f.read(8))
            raw[key] = f.read(sizes[kinds[key]] * count)
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        if not isinstance(t, Tensor):
            continue
        if t.storage.kind != "FloatStorage":
            continue  # num_batches_tracked (LongStorage) is not needed for inference
        data = raw[t.storage.key]
        n = 1
        for d in t.shape:
            n *= d
        out = bytearray(4 * n)
        # Walk the tensor in C order through its strides.
        index = [0] * len(t.shape)
        for i in range(n):
            src_el = t.offset + sum(ix * st for ix, st in zip(index, t.stride))
            out[4 * i:4 * i + 4] = data[4 * src_el:4 * src_el + 4]
            for d in reversed(range(len(t.shape))):
                index[d] += 1
                if index[d] < t.shape[d]:
                    break
                index[d] = 0
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(out)]}
        blobs.append(bytes(out))
        offset += len(out)
    header["__metadata__"] = {"source": src.split("/")[-1], "converted_by": "landscape scripts/torch_legacy_to_safetensors.py"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = dst + ".tmp"
    with open(tmp, "wb") as g:
        g.write(struct.pack("<Q", len(text)))
        g.write(text)
        for b in blobs:
            g.write(b)
    import os
    os.replace(tmp, dst)

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
