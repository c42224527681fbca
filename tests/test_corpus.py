"""The acceptance runs over the shared corpus (../shared from the repo root): the CLI, then
../shared/tools/score.py and flagcheck.py as subprocesses. Skipped where ../shared is absent."""

from __future__ import annotations

import shutil
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


def acceptance(inputs: list[Path], truth: Path | list[Path], out: Path, min_accuracy: float) -> None:
    assert inputs, "no input files found"
    truth = truth if isinstance(truth, list) else [truth]
    ex = run("-m", "extractor.cli", "extract", *inputs, "-o", out)
    assert ex.returncode == 0, ex.stderr[-3000:]
    score = run(TOOLS / "score.py", out / "cells.csv", "--truth", *truth, "--inputs", *inputs,
                "--min-accuracy", min_accuracy)
    assert score.returncode == 0, (score.stdout + score.stderr)[-3000:]
    flags = run(TOOLS / "flagcheck.py", out / "flags.csv", "--truth", *truth, "--inputs", *inputs)
    assert flags.returncode == 0, (flags.stdout + flags.stderr)[-3000:]


def test_real_text_reports_every_cell_right_every_broken_relation_flagged(tmp_path):
    inputs = sorted((CORPUS / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    acceptance(inputs, CORPUS / "truth", tmp_path, 1.0)


def test_synth_text_reports(tmp_path):
    inputs = sorted((CORPUS / "synth").glob("*.txt"))
    acceptance(inputs, CORPUS / "synth-truth", tmp_path, 1.0)


def test_web_pages(tmp_path):
    inputs = sorted((CORPUS / "real").glob("*.html")) + sorted((CORPUS / "synth").glob("*.htm*"))
    acceptance(inputs, [CORPUS / "truth", CORPUS / "synth-truth"], tmp_path, 1.0)


def test_real_pdfs_every_cell_right(tmp_path):
    acceptance(sorted((CORPUS / "real-bin").glob("*.pdf")), CORPUS / "truth", tmp_path, 1.0)


def test_rendered_and_synth_attachments(tmp_path):
    """Every non-scan PDF, DOCX and DOC rendering (DOC only where LibreOffice is installed)."""
    suffixes = {".pdf", ".docx"} | ({".doc"} if shutil.which("soffice") or shutil.which("libreoffice") else set())
    inputs = sorted(p for d in (CORPUS / "rendered", CORPUS / "synth") for p in d.iterdir()
                    if p.suffix in suffixes and ".scan." not in p.name)
    acceptance(inputs, [CORPUS / "truth", CORPUS / "synth-truth"], tmp_path, 0.999)
