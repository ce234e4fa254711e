#!/usr/bin/env python3
"""Fits grace-sim's free parameters to configs/reference/calibration.csv (and nothing else).

Each evaluation runs the six calibration cells (1 thread; 1, 16, 64 pages; trapped and direct)
as `grace-sim dma-bench --json` processes and compares the printed mean unmap latency (samples
floored to 100 ns, mean floored again, as the tool prints it) with the measurement. The search is
a Nelder-Mead simplex in log-parameter space within the documented bounds; the objective is the
sum of squared relative errors. Writes the fitted values and the residuals; docs/calibration.md
explains the choice of parameters.

usage: scripts/calibrate.py [--build build] [--loops 300] [--iters 120]
"""
import argparse
import concurrent.futures as cf
import csv
import json
import math
import os
import subprocess
import sys

# name -> (initial, lower, upper): the free parameters and their bounds (sources in
# docs/calibration.md).
PARAMS = {
    "vmm.exit_ns": (5000.0, 1500.0, 30000.0),
    "vmm.ioctl_ns": (1000.0, 200.0, 6000.0),
    "dma_iommu.unmap_base_ns": (2000.0, 300.0, 4000.0),
    "smmu.cmd_cost_tlbi": (50.0, 2.0, 2000.0),
    "cmdqv.mmio_latency_ns": (500.0, 300.0, 1000.0),
}

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def cells():
    with open(os.path.join(ROOT, "configs", "reference", "calibration.csv")) as f:
        return [(int(r["pages"]), int(r["threads"]), r["path"], float(r["unmap_latency_us"]))
                for r in csv.DictReader(f)]


def run_cell(exe, pages, threads, path, values, loops):
    args = [exe, "dma-bench", "--json", "--path", path, "--granule", str(pages), "--threads", str(threads),
            "--loops", str(loops)] + ["--%s=%s" % (k, fmt(k, v)) for k, v in values.items()]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    j = json.loads(out.strip().splitlines()[-1])
    return j["avg_unmap_100ns"] / 10.0


def fmt(k, v):
    if k in ("smmu.cmd_cost_tlbi",):
        return str(max(1, int(round(v))))
    return "%d" % int(round(v)) if k.endswith("_ns") else "%.6g" % v


def evaluate(exe, values, loops, pool):
    cs = cells()
    futs = [pool.submit(run_cell, exe, p, t, path, values, loops) for (p, t, path, _) in cs]
    sims = [f.result() for f in futs]
    res = [(s - m) / m for s, (_, _, _, m) in zip(sims, cs)]
    return sum(r * r for r in res), sims, res


def to_x(values):
    return [math.log(values[k]) for k in PARAMS]


def to_values(x):
    v = {}
    for (k, (_, lo, hi)), xi in zip(PARAMS.items(), x):
        v[k] = min(hi, max(lo, math.exp(xi)))
    return v


def nelder_mead(f, x0, iters, step=0.4):
    n = len(x0)
    simplex = [list(x0)]
    for i in range(n):
        y = list(x0)
        y[i] += step
        simplex.append(y)
    vals = [f(x) for x in simplex]
    for it in range(iters):
        order = sorted(range(n + 1), key=lambda i: vals[i])
        simplex = [simplex[i] for i in order]
        vals = [vals[i] for i in order]
        print("iter %3d  best %.5f  %s" % (it, vals[0], to_values(simplex[0])), file=sys.stderr)
        if vals[-1] - vals[0] < 1e-6:
            break
        c = [sum(simplex[i][j] for i in range(n)) / n for j in range(n)]
        xr = [c[j] + (c[j] - simplex[-1][j]) for j in range(n)]
        fr = f(xr)
        if fr < vals[0]:
            xe = [c[j] + 2 * (c[j] - simplex[-1][j]) for j in range(n)]
            fe = f(xe)
            simplex[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            simplex[-1], vals[-1] = xr, fr
        else:
            xc = [c[j] + 0.5 * (simplex[-1][j] - c[j]) for j in range(n)]
            fc = f(xc)
            if fc < vals[-1]:
                simplex[-1], vals[-1] = xc, fc
            else:
                for i in range(1, n + 1):
                    simplex[i] = [simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]) for j in range(n)]
                    vals[i] = f(simplex[i])
    best = min(range(n + 1), key=lambda i: vals[i])
    return simplex[best], vals[best]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--loops", type=int, default=300)
    ap.add_argument("--iters", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    exe = os.path.join(a.build, "platform", "grace-sim")
    with cf.ThreadPoolExecutor(a.jobs) as pool:
        f = lambda x: evaluate(exe, to_values(x), a.loops, pool)[0]
        x, val = nelder_mead(f, to_x({k: v[0] for k, v in PARAMS.items()}), a.iters)
        values = to_values(x)
        val, sims, res = evaluate(exe, values, 2000, pool)
    print("# fitted parameters (%d) -> sum of squared relative errors %.5f" % (len(values), val))
    for k, v in values.items():
        print("%s = %s" % (k, fmt(k, v)))
    print("# residuals (2000 unmaps per cell)")
    for (p, t, path, m), s, r in zip(cells(), sims, res):
        print("# %2d pages %d thread %-7s measured %6.1f simulated %6.1f  error %+6.2f %%" % (p, t, path, m, s, 100 * r))


if __name__ == "__main__":
    main()
