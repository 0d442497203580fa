#!/usr/bin/env python3
"""run_bench.py — `make bench`: ricciflow and its peers on the same inputs,
in one run, alternating, with repetitions.

1. Training: the paper's MLP (784-50x5-1, RMSprop with Keras's settings,
   batch 32, 50 epochs) on the Fashion-MNIST sandals and ankle boots
   (../shared/data/fmnist/, a seeded 70/30 split): `ricci train` against
   PyTorch on CPU with 2 threads (bench/train_peer.py). Target: at least 5x
   less time for the same epochs; test accuracies within noise.
   Tracking: the same `ricci train` with --track-every 1 --k 30 (the
   geometry of the 600 test points at epoch 0 and after every one of the 50
   epochs), its tracking time (metrics.json's tracking_seconds) against
   PyTorch's training time without tracking, in the same run. Target: less.
2. Analysis: six layers of n = 2,000 points (the 784-D input and five 50-D
   hidden layers of a network trained on all 2,000 images), k = 30:
   `ricci analyze` against scikit-learn kneighbors_graph + SciPy shortest
   paths + Forman (bench/analysis_peer.py) on the same files, for a network
   after 5 epochs (every graph connected) and after 50. Target: at least 50x
   faster, and exact agreement (edges, components, geodesic sums, Forman
   totals; rho to 1e-9).
3. Scale: six 50-D layers of n = 20,000 points, k = 30: under a minute and
   under 500 MB peak memory (no peer: its n x n distance matrix alone would
   take 3.2 GB).
4. Exact Ollivier-Ricci curvature on the k-NN graphs (k = 30) of the six
   layers of case 2's 5-epoch network: `ricci analyze --curvature ollivier`
   (the whole analysis, on 1 thread and on 2) against POT's ot.emd2 edge by
   edge as GraphRicciCurvature computes it, on the graphs ricciflow exports
   with --export-graph (bench/graph_peer.py; one run of the peer, which
   takes minutes). Target: at least 20x faster than the peer's hop
   distances and transport loop, and the same curvature per edge to 1e-9;
   the exported class structure's modularity and normalized cut equal to
   networkx's to 1e-12.
5. The paper's Fashion-MNIST protocol (bench/protocol_bench.py): 216 models
   (widths 25, 50, 50/25; depths 5, 11; 36 seeds) at the 11-value k grid,
   swept and reported; target under 5 minutes; best k, z and the regression
   recomputed in NumPy (bench/protocol_check.py). Needs NumPy and SciPy.
6. paper-r against the authors' R code run in R on trained networks
   (bench/paper_r_check.py); needs Rscript with igraph, skipped without.
7. The Ricci-flow regulariser (docs/training.md): the paper's network and
   settings (784-50x5-1, RMSprop, batch 32, 50 epochs, Glorot, a 0.2
   validation part) on the real Fashion-MNIST sandals and ankle boots
   (Debian's files, 12,000 training images, the config of
   configs/paper/fmnist59.ini), plain against --ricci-flow 0.1 at its
   defaults, same seeds, alternating, 1 thread each. Target: the
   regularised training loop at most 2x the plain one.

Prints the tables and writes bench/results.md with the machine and the date.
With --tracking it runs and prints the tracking measurement alone (not
writing results.md), and with --ricci-flow the regulariser's (7) alone. With --study (or --study=SEEDS, e.g. --study=1,2,3,4)
it times the paper's Fashion-MNIST study itself, configs/paper/fmnist59.ini
on Debian's files in /usr/share/datasets/fashion-mnist (12,000 training
images; 216 networks and their untrained twins, --select-k-on half,
--threads 2) and prints the wall time with the load average; not run by
default (about a quarter of an hour on two idle cores). With --scaling it prints instead the tables of docs/performance.md (analysis
time and memory for n = 1,000 to 50,000; training time against batch size).
Timing is wall time of whole processes unless a column says otherwise; peak
memory is the process's maximum resident set size. Only the Python standard
library is needed here; the peers need python3-torch and python3-sklearn and
are skipped with a message when missing.
"""
import csv
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from protocol_bench import bench_protocol

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RICCI = os.path.join(ROOT, "build", "ricci")
FMNIST = [os.path.join(ROOT, "..", "shared", "data", "fmnist", name) for name in ("test5.csv", "test9.csv")]
PYTHON = sys.executable
REPS = int(os.environ.get("BENCH_REPS", "3"))
SKIPPED = 3  # exit status of a peer script whose libraries are missing


def run(command):
    """Runs command; returns (wall seconds, stdout, stderr, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    return time.perf_counter() - start, out, err, process.returncode


def run_measured(command):
    """Runs command under GNU time when present, for its peak memory; returns
    (wall seconds, peak MB, exit status, stdout, stderr)."""
    if os.path.exists("/usr/bin/time"):
        seconds, out, err, status = run(["/usr/bin/time", "-f", "%M"] + command)
        lines = err.strip().splitlines()
        peak_mb = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
        err = "\n".join(lines[:-1])
    else:
        seconds, out, err, status = run(command)
        peak_mb = float("nan")
    return seconds, peak_mb, status, out, err


def require(status, err, what):
    if status != 0:
        sys.exit(f"run_bench.py: {what} failed (status {status}): {err.strip()}")


def machine():
    model = platform.processor() or "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    except OSError:
        mem_kb = 0
    versions = []
    for module in ("torch", "sklearn", "scipy", "numpy"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"{module} missing")
    return f"{model}, {os.cpu_count()} cores, {mem_kb / 1048576:.0f} GiB; {platform.python_version()} python; " + ", ".join(versions)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def bench_training(scratch, report):
    if not all(os.path.exists(p) for p in FMNIST):
        report.append("## Training\n\nSkipped: the Fashion-MNIST files are not in ../shared/data/fmnist/.\n")
        print("training: skipped (no ../shared/data/fmnist)")
        return
    spec = "csv:" + ",".join(FMNIST)
    ours, peer = [], []
    for rep in range(REPS):
        order = ["ours", "peer"] if rep % 2 == 0 else ["peer", "ours"]
        for who in order:
            if who == "ours":
                out = os.path.join(scratch, f"train{rep}")
                cmd = [RICCI, "train", "--data", spec, "--classes", "5,9", "--width", "50", "--depth", "5",
                       "--optimizer", "rmsprop", "--epochs", "50", "--batch", "32", "--threads", "2",
                       "--seed", str(rep + 1), "--quiet", "--out", out]
                wall, peak, status, _, err = run_measured(cmd)
                require(status, err, "ricci train")
                metrics = json.load(open(os.path.join(out, "metrics.json")))
                ours.append((metrics["seconds"], wall, peak, metrics["test_accuracy"]))
            else:
                cmd = [PYTHON, os.path.join(ROOT, "bench", "train_peer.py")] + FMNIST + \
                      ["--epochs", "50", "--threads", "2", "--seed", str(rep + 1)]
                wall, peak, status, out, err = run_measured(cmd)
                if status == SKIPPED:
                    print(err.strip())
                    peer = None
                    break
                require(status, err, "train_peer.py")
                result = json.loads(out)
                peer.append((result["seconds"], wall, peak, result["test_accuracy"]))
        if peer is None:
            break
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    rows = [["ricciflow", f"{med(ours, 0):.2f}", f"{med(ours, 1):.2f}", f"{med(ours, 2):.0f}", f"{med(ours, 3):.4f}"]]
    text = "## Training: 784-50x5-1, RMSprop, batch 32, 50 epochs, 1,400 training images\n\n"
    if peer:
        rows.append(["PyTorch (2 threads)", f"{med(peer, 0):.2f}", f"{med(peer, 1):.2f}", f"{med(peer, 2):.0f}",
                     f"{med(peer, 3):.4f}"])
        ratio, wall_ratio = med(peer, 0) / med(ours, 0), med(peer, 1) / med(ours, 1)
        gap = abs(med(peer, 3) - med(ours, 3))
        verdict = (f"\nRatio (PyTorch / ricciflow), training loop: **{ratio:.1f}x**; whole process: "
                   f"{wall_ratio:.1f}x. Target: at least 5x. {'Met' if ratio >= 5 else 'NOT met'}.\n"
                   f"Test accuracy: median {med(ours, 3):.4f} (ours) and {med(peer, 3):.4f} (PyTorch), a gap of "
                   f"{gap:.4f} ({'within' if gap <= 0.03 else 'OUTSIDE'} 0.03, the noise of 600 test points and "
                   f"of different initial weights).\n")
    else:
        verdict = "\nPyTorch is not installed (python3-torch): no ratio.\n"
    text += table(["", "training loop s (median)", "whole process s", "peak MB", "test accuracy"], rows) + "\n" + verdict
    print(text)
    report.append(text)


def bench_tracking(scratch, report):
    """Tracking every epoch of the paper's run against PyTorch training it untracked."""
    if not all(os.path.exists(p) for p in FMNIST):
        report.append("## Tracking the geometry during training\n\nSkipped: no ../shared/data/fmnist/.\n")
        return
    spec = "csv:" + ",".join(FMNIST)
    ours, peer = [], []
    for rep in range(REPS):
        for who in (["ours", "peer"] if rep % 2 == 0 else ["peer", "ours"]):
            if who == "ours":
                out = os.path.join(scratch, f"tracked{rep}")
                cmd = [RICCI, "train", "--data", spec, "--classes", "5,9", "--width", "50", "--depth", "5",
                       "--epochs", "50", "--threads", "2", "--seed", str(rep + 1), "--track-every", "1", "--k", "30",
                       "--quiet", "--out", out]
                wall, _, status, _, err = run_measured(cmd)
                require(status, err, "ricci train --track-every 1")
                metrics = json.load(open(os.path.join(out, "metrics.json")))
                rows = sum(1 for _ in open(os.path.join(out, "training_geometry.csv"))) - 1
                ours.append((metrics["tracking_seconds"], metrics["seconds"], wall, rows))
            elif peer is not None:
                cmd = [PYTHON, os.path.join(ROOT, "bench", "train_peer.py")] + FMNIST + \
                      ["--epochs", "50", "--threads", "2", "--seed", str(rep + 1)]
                _, _, status, out, err = run_measured(cmd)
                if status == SKIPPED:
                    print(err.strip())
                    peer = None
                    continue
                require(status, err, "train_peer.py")
                peer.append(json.loads(out)["seconds"])
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    text = ("## Tracking the geometry during training: 784-50x5-1, 50 epochs, every epoch, 600 test points, k = 30\n\n"
            + table(["", "seconds (median)"],
                    [["ricciflow: tracking, 51 analyses (epoch 0 and every epoch) with the losses", f"{med(ours, 0):.2f}"],
                     ["ricciflow: training, tracking left out", f"{med(ours, 1):.2f}"],
                     ["ricciflow: the whole tracked run (process)", f"{med(ours, 2):.2f}"]]
                    + ([["PyTorch (2 threads): training, untracked", f"{statistics.median(peer):.2f}"]] if peer else []))
            + f"\n\n{ours[0][3]} rows of training_geometry.csv per run.\n")
    if peer:
        ratio = statistics.median(peer) / med(ours, 0)
        text += (f"Ratio (PyTorch's training / ricciflow's tracking): **{ratio:.1f}x**. Target: tracking costs less "
                 f"than PyTorch's training. {'Met' if ratio > 1 else 'NOT met'}.\n")
    else:
        text += "PyTorch is not installed (python3-torch): no ratio.\n"
    print(text)
    report.append(text)


def read_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def bench_analysis(scratch, report):
    if not all(os.path.exists(p) for p in FMNIST):
        report.append("## Analysis, n = 2,000\n\nSkipped: the Fashion-MNIST files are not in ../shared/data/fmnist/.\n")
        return
    # Two sets of layer files: a network trained for 5 epochs, whose k-NN
    # graphs are all connected (every geodesic sum is computed), and one
    # trained for 50 epochs as in the paper, whose last layers separate the
    # classes into two components (both tools then skip their geodesics).
    for epochs, label in ((5, "connected graphs: a network after 5 epochs"),
                          (50, "the paper's 50 epochs: the last layers split into two components")):
        analysis_case(scratch, report, epochs, label)


def analysis_case(scratch, report, epochs, label):
    spec = "csv:" + ",".join(FMNIST)
    run_dir = os.path.join(scratch, f"layers2000-{epochs}")
    _, _, status, _, err = run_measured([RICCI, "train", "--data", spec, "--test", spec, "--classes", "5,9", "--width",
                                         "50", "--depth", "5", "--epochs", str(epochs), "--quiet", "--out", run_dir])
    require(status, err, "ricci train (layer files)")
    layers = [os.path.join(run_dir, f"layer_{l}.npy") for l in range(6)]
    ours, peer = [], []
    for rep in range(REPS):
        order = ["ours", "peer"] if rep % 2 == 0 else ["peer", "ours"]
        for who in order:
            if who == "ours":
                cmd = [RICCI, "analyze", "--layers"] + layers + ["--k", "30", "--threads", "2", "--quiet", "--out",
                                                                 os.path.join(scratch, "ours")]
                wall, peak, status, _, err = run_measured(cmd)
                require(status, err, "ricci analyze")
                ours.append((wall, peak))
            else:
                cmd = [PYTHON, os.path.join(ROOT, "bench", "analysis_peer.py"), "--k", "30", "--jobs", "2", "--out",
                       os.path.join(scratch, "peer")] + layers
                wall, peak, status, out, err = run_measured(cmd)
                if status == SKIPPED:
                    print(err.strip())
                    peer = None
                    break
                require(status, err, "analysis_peer.py")
                peer.append((wall, peak))
        if peer is None:
            break
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    text = f"## Analysis: six layers of 2,000 points (784-D input, five 50-D), k = 30; {label}\n\n"
    rows = [["ricciflow (2 threads)", f"{med(ours, 0):.3f}", f"{med(ours, 1):.0f}"]]
    if peer:
        rows.append(["scikit-learn + SciPy", f"{med(peer, 0):.3f}", f"{med(peer, 1):.0f}"])
        ratio = med(peer, 0) / med(ours, 0)
        mine = read_rows(os.path.join(scratch, "ours", "layers.csv"))
        theirs = read_rows(os.path.join(scratch, "peer", "layers.csv"))
        columns = ["k", "layer", "nodes", "edges", "components", "geodesic_sum", "forman_total", "eta"]
        agree = len(mine) == len(theirs) and all(m[c] == t[c] for m, t in zip(mine, theirs) for c in columns)
        rho_mine = read_rows(os.path.join(scratch, "ours", "coefficients.csv"))[0]["rho"]
        rho_theirs = read_rows(os.path.join(scratch, "peer", "coefficients.csv"))[0]["rho"]
        rho_agree = (rho_mine == rho_theirs == "") or (rho_mine and rho_theirs and abs(float(rho_mine) - float(rho_theirs)) <= 1e-9)
        verdict = (f"\nRatio (peer / ricciflow): **{ratio:.0f}x**" +
                   (f". Target: at least 50x. {'Met' if ratio >= 50 else 'NOT met'}" if epochs == 5 else
                    " (no target: with no geodesics to compute this measures the k-NN graphs alone)") + ".\n"
                   f"Agreement of layers.csv (edges, components, geodesic_sum, forman_total, eta): "
                   f"**{'exact' if agree else 'DIFFERENT'}**; rho: {rho_mine or 'undefined'} against "
                   f"{rho_theirs or 'undefined'} ({'equal to 1e-9' if rho_agree else 'DIFFERENT'}).\n\n")
        verdict += table(columns, [[m[c] for c in columns] for m in mine]) + "\n"
    else:
        verdict = "\nscikit-learn or SciPy is not installed: no ratio.\n"
    text += table(["", "seconds (median, whole process)", "peak MB"], rows) + "\n" + verdict
    print(text)
    report.append(text)


def bench_ollivier(scratch, report):
    if not all(os.path.exists(p) for p in FMNIST):
        report.append("## Exact Ollivier-Ricci\n\n"
                      "Skipped: the Fashion-MNIST files are not in ../shared/data/fmnist/.\n")
        return
    run_dir = os.path.join(scratch, "layers2000-5")
    if not os.path.exists(os.path.join(run_dir, "layer_5.npy")):
        spec = "csv:" + ",".join(FMNIST)
        _, _, status, _, err = run_measured([RICCI, "train", "--data", spec, "--test", spec, "--classes", "5,9",
                                             "--width", "50", "--depth", "5", "--epochs", "5", "--quiet", "--out",
                                             run_dir])
        require(status, err, "ricci train (layer files)")
    layers = [os.path.join(run_dir, f"layer_{l}.npy") for l in range(6)]
    out = os.path.join(scratch, "ollivier")

    def analyze(curvature, threads, export=False):
        cmd = [RICCI, "analyze", "--layers"] + layers + ["--labels", os.path.join(run_dir, "labels.npy"), "--k", "30",
                                                       "--curvature", curvature, "--threads", str(threads), "--quiet",
                                                       "--out", out]
        if export:
            cmd += ["--export-graph"]  # into out/graphs/
        wall, peak, status, _, err = run_measured(cmd)
        require(status, err, "ricci analyze --curvature " + curvature)
        return wall, peak

    # Timed without the export (writing files is not computing curvature);
    # one more run exports the graphs the peer reads.
    runs = {("ollivier", 1): [], ("ollivier", 2): [], ("forman", 1): []}
    for _ in range(REPS):
        for key in runs:
            runs[key].append(analyze(*key))
    analyze("ollivier", 1, export=True)
    med = lambda key, i: statistics.median(r[i] for r in runs[key])
    text = ("## Exact Ollivier-Ricci curvature: the k-NN graphs (k = 30) of six layers of 2,000 points "
            "(784-D input, five 50-D)\n\n")
    rows = [["ricciflow, 1 thread: the whole analysis with exact Ollivier", f"{med(('ollivier', 1), 0):.2f}",
             f"{med(('ollivier', 1), 1):.0f}"],
            ["ricciflow, 2 threads", f"{med(('ollivier', 2), 0):.2f}", f"{med(('ollivier', 2), 1):.0f}"],
            ["ricciflow, 1 thread, the same with Forman (what Ollivier adds is the difference)",
             f"{med(('forman', 1), 0):.2f}", f"{med(('forman', 1), 1):.0f}"]]
    wall, peak, status, stdout, err = run_measured([PYTHON, os.path.join(ROOT, "bench", "graph_peer.py"),
                                                    os.path.join(out, "graphs"), "--layers",
                                                    os.path.join(out, "layers.csv")])
    if status == SKIPPED:
        print(err.strip())
        text += (table(["", "seconds (median, whole process)", "peak MB"], rows) +
                 "\n\nPOT or networkx is not installed: no ratio.\n")
        print(text)
        report.append(text)
        return
    require(status, err, "graph_peer.py")
    layers_result = json.loads(stdout)
    edges = sum(r["edges"] for r in layers_result)
    distances = sum(r["distance_seconds"] for r in layers_result)
    loop = sum(r["loop_seconds"] for r in layers_result)
    rows.append(["POT ot.emd2 edge by edge (1 process): hop distances + transport loop", f"{distances + loop:.2f}",
                 f"{peak:.0f}"])
    ours = med(("ollivier", 1), 0)
    ratio = (distances + loop) / ours
    ours_per_edge = 1e6 * max(0.0, ours - med(("forman", 1), 0)) / edges
    largest = max(r["largest_difference"] for r in layers_result)
    modularity = max(r.get("modularity_difference", float("nan")) for r in layers_result)
    ncut = max(r.get("normalized_cut_difference", float("nan")) for r in layers_result)
    text += table(["", "seconds (median, whole process)", "peak MB"], rows) + "\n"
    text += (f"\nRatio (POT's distances and loop / ricciflow's whole analysis, 1 thread each): **{ratio:.0f}x**. "
             f"Target: at least 20x. {'Met' if ratio >= 20 else 'NOT met'}.\n"
             f"Per edge ({edges:,} edges): POT's loop {1e6 * loop / edges:.0f} us, ricciflow's exact Ollivier about "
             f"{ours_per_edge:.1f} us (the Ollivier run less the Forman run).\n"
             f"Largest difference of a curvature from POT's: {largest:.2e} "
             f"({'within' if largest <= 1e-9 else 'OUTSIDE'} 1e-9). Modularity against networkx: largest difference "
             f"{modularity:.1e}; normalized cut: {ncut:.1e} "
             f"({'within' if max(modularity, ncut) <= 1e-12 else 'OUTSIDE'} 1e-12).\n\n")
    text += table(["layer", "edges", "POT: distances s", "POT: loop s", "largest difference"],
                  [[r["layer"], r["edges"], f"{r['distance_seconds']:.2f}", f"{r['loop_seconds']:.2f}",
                    f"{r['largest_difference']:.1e}"] for r in layers_result]) + "\n"
    print(text)
    report.append(text)


def bench_scale(scratch, report):
    run_dir = os.path.join(scratch, "layers20000")
    # 66,667 points of 50-D nested spheres: a 0.3 split leaves 20,000 test points.
    _, _, status, _, err = run_measured([RICCI, "train", "--data", "nested-spheres:n=66667,d=50", "--width", "50",
                                         "--depth", "5", "--epochs", "3", "--quiet", "--out", run_dir])
    require(status, err, "ricci train (20,000 points)")
    layers = [os.path.join(run_dir, f"layer_{l}.npy") for l in range(6)]
    runs = []
    for _ in range(REPS):
        wall, peak, status, _, err = run_measured([RICCI, "analyze", "--layers"] + layers +
                                                  ["--k", "30", "--threads", "2", "--quiet", "--out", os.path.join(scratch, "big")])
        require(status, err, "ricci analyze (20,000 points)")
        runs.append((wall, peak))
    wall, peak = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    text = ("## Scale: six 50-D layers of 20,000 points, k = 30\n\n" +
            table(["", "seconds (median)", "peak MB"], [["ricciflow (2 threads)", f"{wall:.2f}", f"{peak:.0f}"]]) +
            f"\n\nTarget: under 60 s and under 500 MB. {'Met' if wall < 60 and peak < 500 else 'NOT met'}.\n")
    print(text)
    report.append(text)


def scaling(scratch):
    """The tables of docs/performance.md: analysis time and memory against n,
    and training time against batch size."""
    rows = []
    for n in (1000, 2000, 5000, 10000, 20000, 50000):
        run_dir = os.path.join(scratch, f"scale{n}")
        total = int(round(n / 0.3)) + 1
        _, _, status, _, err = run_measured([RICCI, "train", "--data", f"nested-spheres:n={total},d=50", "--width", "50",
                                             "--depth", "5", "--epochs", "2", "--quiet", "--out", run_dir])
        require(status, err, f"ricci train ({n} points)")
        layers = [os.path.join(run_dir, f"layer_{l}.npy") for l in range(6)]
        points = int(json.load(open(os.path.join(run_dir, "metrics.json")))["test_points"])
        wall, peak, status, _, err = run_measured([RICCI, "analyze", "--layers"] + layers +
                                                  ["--k", "30", "--threads", "2", "--quiet", "--out", os.path.join(scratch, "s")])
        require(status, err, "ricci analyze")
        components = max(int(r["components"]) for r in read_rows(os.path.join(scratch, "s", "layers.csv")))
        rows.append([f"{points:,}", f"{wall:.2f}", f"{peak:.0f}", components])
        shutil.rmtree(run_dir, ignore_errors=True)
    print(table(["n (six 50-D layers, k = 30)", "seconds", "peak MB", "most components"], rows))
    if all(os.path.exists(p) for p in FMNIST):
        spec = "csv:" + ",".join(FMNIST)
        rows = []
        for batch in (8, 32, 128, 512):
            out = os.path.join(scratch, f"batch{batch}")
            _, _, status, _, err = run_measured([RICCI, "train", "--data", spec, "--classes", "5,9", "--width", "50",
                                                 "--depth", "5", "--epochs", "50", "--batch", str(batch), "--quiet",
                                                 "--out", out])
            require(status, err, "ricci train")
            metrics = json.load(open(os.path.join(out, "metrics.json")))
            steps = 50 * -(-metrics["train_points"] // batch)
            rows.append([batch, steps, f"{metrics['seconds']:.2f}", f"{1e6 * metrics['seconds'] / steps:.0f}",
                         f"{metrics['test_accuracy']:.4f}"])
        print(table(["batch", "steps", "training seconds", "microseconds per step", "test accuracy"], rows))


STUDY_DATA = "/usr/share/datasets/fashion-mnist"


def bench_study(scratch, seeds):
    """The paper's Fashion-MNIST study, timed whole (or for the seeds given)."""
    if not os.path.exists(os.path.join(STUDY_DATA, "train-images-idx3-ubyte.gz")):
        print(f"study: skipped ({STUDY_DATA} is missing: apt-get install dataset-fashion-mnist)")
        return
    with open(os.path.join(ROOT, "configs", "paper", "fmnist59.ini")) as f:
        text = f.read().replace("idx:fashion-mnist/", f"idx:{STUDY_DATA}/")
    config = os.path.join(scratch, "fmnist59.ini")
    with open(config, "w") as f:
        f.write(text)
    command = [RICCI, "sweep", "--config", config, "--baselines", "untrained", "--select-k-on", "half",
               "--threads", "2", "--quiet", "--out", os.path.join(scratch, "study")]
    if seeds:
        command += ["--seeds", seeds]
    load_before = os.getloadavg()[0]
    wall, peak, status, out, err = run_measured(command)
    require(status, err, "ricci sweep (the study)")
    print(f"study{' (seeds ' + seeds + ')' if seeds else ''}: {wall:.0f} s wall, peak {peak:.0f} MB, "
          f"load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after; {out.strip()}")


def bench_ricci_flow(scratch, report):
    """The Ricci-flow regulariser's cost: plain and regularised training of the
    paper's network on the real Fashion-MNIST task, side by side."""
    title = ("## The Ricci-flow regulariser: 784-50x5-1, RMSprop, batch 32, 50 epochs, 9,600 training images "
             "(fmnist59)\n\n")
    if not os.path.exists(os.path.join(STUDY_DATA, "train-images-idx3-ubyte.gz")):
        report.append(title + f"Skipped: {STUDY_DATA} is missing (apt-get install dataset-fashion-mnist).\n")
        print(f"ricci-flow: skipped ({STUDY_DATA} is missing)")
        return
    data = ["--data", f"idx:{STUDY_DATA}/train-images-idx3-ubyte.gz", "--test",
            f"idx:{STUDY_DATA}/t10k-images-idx3-ubyte.gz", "--classes", "5,9"]
    settings = {"plain": [], "--ricci-flow 0.1": ["--ricci-flow", "0.1"]}
    runs = {name: [] for name in settings}
    for rep in range(REPS):
        names = list(settings) if rep % 2 == 0 else list(reversed(settings))
        for name in names:
            out = os.path.join(scratch, f"rf{rep}{len(settings[name])}")
            cmd = [RICCI, "train"] + data + ["--width", "50", "--depth", "5", "--init", "glorot", "--optimizer",
                                             "rmsprop", "--epochs", "50", "--batch", "32", "--validation-fraction",
                                             "0.2", "--threads", "1", "--seed", str(rep + 1), "--quiet",
                                             "--out", out] + settings[name]
            wall, peak, status, _, err = run_measured(cmd)
            require(status, err, "ricci train " + name)
            metrics = json.load(open(os.path.join(out, "metrics.json")))
            runs[name].append((metrics["seconds"], wall, peak, metrics["test_accuracy"]))
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    rows = [[name, f"{med(r, 0):.2f}", f"{med(r, 1):.2f}", f"{med(r, 2):.0f}", f"{med(r, 3):.4f}"]
            for name, r in runs.items()]
    ratio = med(runs["--ricci-flow 0.1"], 0) / med(runs["plain"], 0)
    text = (title + table(["", "training loop s (median)", "whole process s", "peak MB", "test accuracy"], rows)
            + f"\n\nRatio (regularised / plain), training loop: **{ratio:.2f}x**. Target: at most 2x. "
            + f"{'Met' if ratio <= 2 else 'NOT met'}. Load average {os.getloadavg()[0]:.1f} at the end.\n")
    print(text)
    report.append(text)


def paper_r_against_r():
    """The paper-r convention against the authors' R code run in R
    (bench/paper_r_check.py); skipped without Rscript and igraph."""
    title = "## paper-r against the authors' R code, run in R\n\n"
    if shutil.which("Rscript") is None or subprocess.run(["Rscript", "-e", "library(igraph)"],
                                                           capture_output=True).returncode != 0:
        return title + "Skipped: Rscript with the igraph package (r-cran-igraph) is not installed.\n"
    process = subprocess.run([PYTHON, os.path.join(ROOT, "bench", "paper_r_check.py")], capture_output=True, text=True)
    text = (title + "Six networks trained on linked tori (1,000 test points, width 25, depth 5), their layers "
            "analysed at k = 6, 10 and 30 by `ricci analyze --convention paper-r` and `ricci sweep --convention "
            "paper-r`, and by the R code's steps in R (bench/paper_r_code.R: cccd::nng's rule, igraph's degree and "
            "distances, the na.rm row sums, aggregate and cor.test): " +
            ("**the same numbers**" if process.returncode == 0 else "**DIFFERENT**") + ".\n\n```\n" +
            (process.stdout + process.stderr).strip() + "\n```\n")
    print(text)
    return text


def main():
    if not os.path.exists(RICCI):
        sys.exit("run_bench.py: build/ricci is missing; run make first")
    scratch = tempfile.mkdtemp(prefix="ricci-bench-")
    if "--tracking" in sys.argv:
        try:
            bench_tracking(scratch, [])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return
    if "--ricci-flow" in sys.argv:
        try:
            bench_ricci_flow(scratch, [])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return
    study = [a for a in sys.argv if a == "--study" or a.startswith("--study=")]
    if study:
        try:
            bench_study(scratch, study[0].partition("=")[2])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return
    if "--scaling" in sys.argv:
        try:
            scaling(scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return
    report = [f"# Benchmarks\n\n`make bench`, {datetime.date.today().isoformat()}, {REPS} repetitions per program, "
              f"alternating.\n\nMachine: {machine()}.\n"]
    try:
        bench_training(scratch, report)
        bench_tracking(scratch, report)
        bench_analysis(scratch, report)
        bench_ollivier(scratch, report)
        bench_scale(scratch, report)
        report.append(bench_protocol(RICCI, FMNIST, scratch))
        report.append(paper_r_against_r())
        bench_ricci_flow(scratch, report)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with open(os.path.join(ROOT, "bench", "results.md"), "w") as f:
        f.write("\n".join(report))
    print("wrote bench/results.md")


if __name__ == "__main__":
    main()
