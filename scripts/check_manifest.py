#!/usr/bin/env python3
"""The manifest's edges match the imports: every target lists exactly the local targets and
products its sources import (system modules and Foundation aside). Run by `make lint`."""
import os, re, sys

manifest = open("Package.swift").read()
targets = {}
for m in re.finditer(r'\.(?:target|executableTarget|testTarget)\(name: "([^"]+)", dependencies: \[(.*?)\](?:, path: "([^"]+)")?', manifest, re.S):
    name, deps, path = m.group(1), m.group(2), m.group(3)
    names = set(re.findall(r'"([A-Za-z][\w-]*)"', deps))
    names |= set(re.findall(r'\.product\(name: "([^"]+)"', deps))
    names -= set(re.findall(r'package: "([^"]+)"', deps)) - set(re.findall(r'\.product\(name: "([^"]+)"', deps))
    folder = path or (f"Tests/{name}" if name.endswith("Tests") else f"Sources/{name}")
    targets[name] = (names, folder)

local = set(targets) | {"Yams", "Mustache", "ArgumentParser", "Numerics"}
# System-library targets (C headers over Debian packages) are read from the manifest itself.
system = set(re.findall(r'\.systemLibrary\(\s*name: "([^"]+)"', manifest))
ignored = {"Foundation", "FoundationNetworking", "XCTest", "Glibc", "Darwin", "Dispatch", "Synchronization"} | system
problems = []
for name, (declared, folder) in sorted(targets.items()):
    imported = set()
    for root, _, files in os.walk(folder):
        for f in files:
            if f.endswith(".swift"):
                imported |= set(re.findall(r"^(?:@\w+ )*import (\w+)", open(os.path.join(root, f)).read(), re.M))
    imported = {i for i in imported if i in local and i != name}
    declared_local = {d for d in declared if d in local and d not in ignored}
    for missing in sorted(imported - declared_local):
        problems.append(f"Package.swift: {name} imports {missing} but does not depend on it")
    for unused in sorted(declared_local - imported):
        problems.append(f"Package.swift: {name} depends on {unused} but never imports it")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
