#!/usr/bin/env python3
"""Writes the committed seed corpus of `make fuzz` (Fuzz/corpus/<target>/): one or two small,
valid inputs per parser, in the real on-disk formats, so libFuzzer starts from the formats'
structure. Run from the repository root; the output is deterministic."""
import gzip, io, json, os, struct, tarfile

root = "Fuzz/corpus"

def put(target, name, data):
    os.makedirs(f"{root}/{target}", exist_ok=True)
    with open(f"{root}/{target}/{name}", "wb") as f:
        f.write(data)

def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()

images = struct.pack(">IIII", 0x803, 2, 28, 28) + bytes((i * 7) % 256 for i in range(2 * 784))
labels = struct.pack(">II", 0x801, 2) + bytes([3, 7])
put("idx", "plain", struct.pack(">H", len(images)) + images + labels)
gimages = gz(images)
put("idx", "gzip", struct.pack(">H", len(gimages)) + gimages + gz(labels))

put("gzip", "text", gz(b"landscape " * 20))
put("gzip", "idx-labels", gz(labels))

record = bytes([4]) + bytes((i * 3) % 256 for i in range(3072))
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    info = tarfile.TarInfo("cifar-10-batches-bin/data_batch_1.bin")
    info.size, info.mtime = len(record), 0
    t.addfile(info, io.BytesIO(record))
put("tar", "cifar-member", buf.getvalue())

header = "label," + ",".join(f"{r}x{c}" for r in range(1, 29) for c in range(1, 29))
rows = [",".join([str(d)] + [str((d * 31 + i) % 256) for i in range(784)]) for d in (5, 0)]
put("csv", "mnist-two-rows", ("\n".join([header] + rows) + "\n").encode())

put("cifar", "cifar10", bytes([0]) + record * 2)
put("cifar", "cifar100", bytes([1]) + (bytes([1, 4]) + record[1:]) * 2)

def safetensors(tensors):
    meta, data = {}, b""
    for name, shape, values in tensors:
        raw = struct.pack(f"<{len(values)}f", *values)
        meta[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    head = json.dumps(meta, separators=(",", ":")).encode()
    return struct.pack("<Q", len(head)) + head + data
put("safetensors", "two", safetensors([("a.weight", [2, 3], [0.5 * i for i in range(6)]), ("b", [4], [1, 2, 3, 4])]))

def npy(descr, fmt, values, shape):
    head = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, ", ".join(map(str, shape)) + ("," if len(shape) == 1 else ""))
    head = head.encode()
    pad = 64 - (10 + len(head) + 1) % 64
    head = head + b" " * (pad % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head + struct.pack(f"<{len(values)}{fmt}", *values)
put("npy", "float64", npy("<f8", "d", [0.1, 2.5, 3.0], [3]))
put("npy", "float32-2d", npy("<f4", "f", [1, 2, 3, 4, 5, 6], [2, 3]))

with open("Tests/LandscapeReportTests/Fixtures/results.json", "rb") as f:
    put("results", "schema3-fixture", f.read())

put("spec", "yaml", b"name: fuzz\ndatasets: [mnist]\nwidths: [4, 8]\ndepths: [1]\nobjects: 100\nseeds: [0, 1]\nradii: [0.1]\nencoders: []\n")
put("spec", "json", b'{"name": "fuzz", "datasets": ["fashion-mnist"], "widths": [16], "epochs": 2, "seed": 3}')
put("spec", "criteria-yaml", b"name: fuzz\ndatasets: [mnist]\nwidths: [4]\ndepths: [1]\nobjects: 100\ncriteria: [gaussian, subspace]\nsigmas: [0.01]\nsubspaceDimensions: ['1', K, 2K]\ndraws: 4\nepsilons: [0.001]\ncriteriaAll: true\n")
with open("reports/paper/spec.json", "rb") as f:
    put("spec", "run-folder-spec-json", f.read())

with open("reports/paper/findings.json", "rb") as f:
    put("findings", "paper", f.read())

put("shard", "index", b"2/8")
put("shard", "auto", b"auto")

put("csv", "header", b"a,b,kind\n1,2.5,x\n3,-4e-1,y\n")
put("csv", "plain", b"0,1,2,3\n4,5,6,7\n")
def pair(x, y):
    return struct.pack(">H", len(x)) + x + y
put("npy", "pair-float32-x-float64-y", pair(npy("<f4", "f", [1, 2, 3, 4, 5, 6], [3, 2]), npy("<f8", "d", [0.0, 1.0, 1.0], [3])))
put("npy", "pair-images-x", pair(npy("<f8", "d", [0.5] * 8, [2, 2, 2]), npy("<f8", "d", [3.0, 4.0], [2])))
