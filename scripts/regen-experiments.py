#!/usr/bin/env python3
"""Regenerates the tables and plots of docs/experiments.md from the exploration presets.

For every preset in configs/experiments/ it runs

    grace-sim sweep --grid configs/experiments/NAME.ini -j N --out results/experiments/NAME \
        --plot-x KEY --plot-y avg_unmap_us

then replaces the table under the preset's plot in docs/experiments.md (the swept keys, in the
order of the [sweep] section, and the mean unmap latency as the sweep's CSV gives it) and copies
the plot to docs/experiments/NAME.png. The prose around the tables is not touched: read it again
after a run that changed numbers.

usage: scripts/regen-experiments.py [--sim PATH] [-j N] [NAME ...]
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "experiments.md")

# Preset -> the x axis of its plot.
PRESETS = {
    "thread_scaling": "dma_bench.threads",
    "lvcmdqs_per_vintf": "cmdqv.num_vintfs_log2",
    "vm_exit_cost": "vmm.exit_ns",
    "vms_interfering": "server.vms",
    "ril": "dma_bench.granule",
    "ats": "dma_bench.granule",
    "vmm_batching": "vmm.batch",
    "host_queues": "dma_bench.threads",
}


def swept_keys(ini_path):
    keys, in_sweep = [], False
    with open(ini_path) as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("["):
                in_sweep = line == "[sweep]"
                continue
            if in_sweep and "=" in line:
                keys.append(line.split("=", 1)[0].strip())
    return keys


def table(keys, csv_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    lines = ["| " + " | ".join(keys + ["unmap us"]) + " |", "|" + "---|" * (len(keys) + 1)]
    for r in rows:
        if r.get("status", "ok") not in ("ok", "OK", ""):
            sys.exit(f"{csv_path}: point {r.get('point')} failed: {r.get('status')}")
        lines.append("| " + " | ".join([r[k] for k in keys] + [r["avg_unmap_us"]]) + " |")
    return lines


def replace_table(doc_lines, name, new_table):
    marker = f"![{name}](experiments/{name}.png)"
    try:
        i = next(n for n, l in enumerate(doc_lines) if l.strip() == marker)
    except StopIteration:
        sys.exit(f"{DOC}: no plot line '{marker}'")
    start = next((n for n in range(i + 1, len(doc_lines)) if doc_lines[n].startswith("|")), None)
    if start is None or any(doc_lines[n].startswith("## ") for n in range(i + 1, start)):
        sys.exit(f"{DOC}: no table under '{marker}'")
    end = start
    while end < len(doc_lines) and doc_lines[end].startswith("|"):
        end += 1
    return doc_lines[:start] + new_table + doc_lines[end:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sim", default=os.path.join(ROOT, "build", "platform", "grace-sim"))
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("names", nargs="*", help="presets (default: all)")
    a = ap.parse_args()
    names = a.names or list(PRESETS)
    for n in names:
        if n not in PRESETS:
            sys.exit(f"unknown preset '{n}' (known: {', '.join(PRESETS)})")
    with open(DOC) as f:
        doc = f.read().split("\n")
    for n in names:
        ini = os.path.join(ROOT, "configs", "experiments", n + ".ini")
        out = os.path.join(ROOT, "results", "experiments", n)
        cmd = [a.sim, "sweep", "--grid", ini, "-j", str(a.j), "--out", out,
               "--plot-x", PRESETS[n], "--plot-y", "avg_unmap_us"]
        print("+", " ".join(cmd), flush=True)
        if subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode != 0:
            sys.exit(f"sweep of {n} failed")
        doc = replace_table(doc, n, table(swept_keys(ini), os.path.join(out, "results.csv")))
        shutil.copyfile(os.path.join(out, "sweep.png"), os.path.join(ROOT, "docs", "experiments", n + ".png"))
    with open(DOC, "w") as f:
        f.write("\n".join(doc))
    print(f"updated {DOC} and docs/experiments/*.png")


if __name__ == "__main__":
    main()
