"""protocol_bench.py — the paper's Fashion-MNIST protocol, timed, for
`make bench` (bench/run_bench.py).

Widths 25, 50 and 50/25, depths 5 and 11, 36 seeds (216 models), RMSprop
lr 0.001, batch 32, 50 epochs, Glorot weights and a 0.2 validation split, as
the paper and its R code; the 11-value k grid of its image experiments
(10 to 500); models pooled above 98% test accuracy. The data are the 2,000
shared sandal and ankle-boot images (../shared/data/fmnist/), split 70/30,
so 600 test points are analysed (the paper trained on the 12,000 training
images and analysed these 2,000: configs/paper/fmnist59.ini). One
`ricci sweep` on 2 threads, then `ricci report`, timed as whole processes;
then bench/protocol_check.py recomputes best_k.csv, z and regression.csv in
NumPy. Target: under 5 minutes.
"""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
K_GRID = "10,20,30,50,90,100,120,150,250,350,500"


def bench_protocol(ricci, fmnist, scratch):
    """Runs the protocol; returns the section of bench/results.md (markdown)."""
    if not all(os.path.exists(p) for p in fmnist):
        return "## The paper's Fashion-MNIST protocol\n\nSkipped: the Fashion-MNIST files are not in ../shared/data/fmnist/.\n"
    out = os.path.join(scratch, "protocol")
    sweep = [ricci, "sweep", "--datasets", "csv:" + ",".join(fmnist) + ",name=fmnist59", "--classes", "5,9",
             "--test-fraction", "0.3", "--widths", "25,50,50/25", "--depths", "5,11",
             "--seeds", ",".join(str(s) for s in range(1, 37)), "--init", "glorot", "--optimizer", "rmsprop",
             "--lr", "0.001", "--batch", "32", "--epochs", "50", "--validation-fraction", "0.2", "--k", K_GRID,
             "--accuracy-threshold", "0.98", "--threads", "2", "--quiet", "--out", out]
    load_before = os.getloadavg()
    start = time.perf_counter()
    process = subprocess.run(sweep, capture_output=True, text=True)
    sweep_seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"protocol_bench.py: ricci sweep failed: {process.stderr.strip()}")
    start = time.perf_counter()
    process = subprocess.run([ricci, "report", "--quiet", out], capture_output=True, text=True)
    report_seconds = time.perf_counter() - start
    load_after = os.getloadavg()
    if process.returncode != 0:
        sys.exit(f"protocol_bench.py: ricci report failed: {process.stderr.strip()}")
    check = subprocess.run([sys.executable, os.path.join(HERE, "protocol_check.py"), out], capture_output=True, text=True)
    summary = open(os.path.join(out, "summary.md")).read()
    protocol = summary[summary.index("## The paper's protocol"):]
    protocol = protocol[:protocol.index("\n## ", 1)]  # up to the next section
    headline = "\n".join(line for line in protocol.splitlines() if line.startswith("- "))
    best_k = protocol[protocol.index("| data set | width | depth | best k"):]
    best_k = best_k[:best_k.index("\n\n")]
    total = sweep_seconds + report_seconds
    models = sum(1 for _ in open(os.path.join(out, "models.csv"))) - 1
    text = ("## The paper's Fashion-MNIST protocol: 216 models, the 11-value k grid\n\n"
            "Widths 25, 50 and 50/25, depths 5 and 11, 36 seeds; RMSprop lr 0.001, batch 32, 50 epochs, Glorot "
            "weights, 0.2 validation split; k = " + K_GRID.replace(",", ", ") + "; sandals against ankle boots, "
            "the 2,000 shared images split 70/30 (600 test points analysed); well-trained above 0.98.\n\n"
            f"| step | seconds (whole process, 2 threads) |\n| --- | --- |\n"
            f"| `ricci sweep` ({models} models: train, analyse at 11 k, protocol files) | {sweep_seconds:.1f} |\n"
            f"| `ricci report` | {report_seconds:.1f} |\n| total | **{total:.1f}** |\n\n"
            f"Target: under 5 minutes. {'Met' if total < 300 else 'NOT met'}. Load average (1, 5, 15 min) "
            f"before: {load_before[0]:.2f}, {load_before[1]:.2f}, {load_before[2]:.2f}; after: "
            f"{load_after[0]:.2f}, {load_after[1]:.2f}, {load_after[2]:.2f} (other jobs share the two cores).\n\n"
            "The headline numbers of summary.md:\n\n" + headline + "\n\n" + best_k + "\n\n"
            "bench/protocol_check.py (NumPy, from groups.csv and models.csv): " +
            ("**agrees**" if check.returncode == 0 else "**DIFFERENT**") + ".\n\n```\n" +
            check.stdout.strip() + "\n```\n")
    print(text)
    return text
