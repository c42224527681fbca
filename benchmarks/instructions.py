"""CPU instructions per text report, counted by valgrind: a speed figure that a noisy machine does not move.

    python benchmarks/instructions.py [--passes N]

Wall time on a shared VM varies by a factor of two from minute to minute; the
number of instructions executed does not (within a few percent). This runs
valgrind's callgrind twice on the same in-process job, once with only the
warm-up (imports, one extraction of each text fixture) and once with N more
passes over the fixtures, and prints the difference per report. Needs
``valgrind`` on PATH. Use it to compare two versions of the code; ``xxgk bench``
gives reports per second.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

JOB = """
import sys
from extractor.batchgc import batch_gc
from extractor.bench import default_inputs
from extractor.pipeline import extract
files = default_inputs()
for f in files:
    extract(f)
results = []
with batch_gc():  # as xxgk bench and xxgk extract run a batch
    for _ in range(int(sys.argv[1])):
        for f in files:
            results.append(extract(f))
"""


def instructions(passes: int) -> int:
    # a fixed hash seed, and numpy's BLAS on one thread (its worker threads spin-wait, which
    # valgrind counts: the count would move by a few percent from run to run)
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", JOB, str(passes)],
        capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if not m:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=2)
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from extractor.bench import default_inputs, machine

    n = len(default_inputs())
    base, more = instructions(0), instructions(a.passes)
    per = (more - base) / (a.passes * n)
    print(f"{per / 1e6:.1f} M instructions per report ({n} text fixtures, {a.passes} passes after warm-up)")
    print(f"machine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
