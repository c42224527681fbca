"""``xxgk bench``: extraction speed on copies of text reports, on one core, in-process.

Copies the given reports (default: the text fixtures that are reports, i.e. not
``bad_*``) round-robin into a temporary folder until there are ``--copies``
files, extracts each with :func:`extractor.extract`, and prints reports per
second, total seconds, peak RSS and the machine it ran on.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .batchgc import batch_gc
from .cli import iter_inputs
from .pipeline import extract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def default_inputs() -> list[Path]:
    """The text fixtures that are reports (bad inputs left out)."""
    return sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("bad_"))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    return f"{platform.platform()}; {cpu_model()}; {os.cpu_count()} cores; Python {platform.python_version()}"


def peak_rss_mib() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass


class _CollectorTime:
    """Seconds the garbage collector ran while the block ran (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start = 0.0

    def _note(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start

    def __enter__(self) -> _CollectorTime:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._note)


def run(args: argparse.Namespace) -> int:
    copies = int(getattr(args, "copies", 1000))
    paths = list(getattr(args, "paths", None) or [])
    sources = list(iter_inputs(paths)) if paths else default_inputs()
    if copies < 1 or not sources:
        print("xxgk bench: nothing to extract (give --copies >= 1 and readable report files)", file=sys.stderr)
        return 2
    missing = [p for p in sources if not p.is_file()]
    if missing:
        print(f"xxgk bench: not a file: {missing[0]}", file=sys.stderr)
        return 2
    _pin_one_core()
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        files = []
        for i in range(copies):
            src = sources[i % len(sources)]
            dst = Path(tmp) / f"{i:06d}_{src.name}"
            shutil.copyfile(src, dst)
            files.append(dst)
        extract(files[0])  # warm-up: imports and caches are not what is measured
        results = []  # kept, as ``xxgk extract`` keeps them for its output files
        collector = _CollectorTime()
        with batch_gc(), collector:  # as ``xxgk extract`` runs its batch
            t0, c0 = time.perf_counter(), time.process_time()
            for f in files:
                results.append(extract(f))
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        failed = sum(1 for r in results if r.error)
    rate = copies / dt if dt > 0 else float("inf")
    print(f"{copies} reports ({len(sources)} distinct) in {dt:.2f} s on one core: {rate:.1f} reports/s; "
          f"{failed} failed; peak RSS {peak_rss_mib():.0f} MiB")
    print(f"garbage collector: {collector.seconds:.2f} s of it")
    # CPU time is steadier than wall time on a shared machine
    print(f"CPU time {cpu:.2f} s: {copies / cpu if cpu > 0 else float('inf'):.1f} reports per CPU second")
    print(f"machine: {machine()}")
    return 0
