"""DOC (Word 97-2003), WPS and RTF reader: LibreOffice converts to DOCX, the DOCX reader reads that.

No Python library reads Word 97 tables with their merges reliably; LibreOffice
does. It runs headless with a profile private to this process (a temporary
directory, made once per process and removed at exit, so concurrent workers
never share one and a user's own LibreOffice is never touched), on a copy of
the input in a temporary directory, under a timeout.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from ..model import Document, ReadError
from . import docx as docx_reader

TIMEOUT = 120  # seconds for one conversion (the first run also builds the profile)
PROGRAMS = ("soffice", "libreoffice")

_lock = threading.Lock()  # one profile cannot serve two conversions at once
_profile: dict[int, str] = {}  # pid -> profile dir


def _program() -> str | None:
    for name in PROGRAMS:
        path = shutil.which(name)
        if path:
            return path
    for path in ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(path):
            return path
    return None


def _profile_dir() -> str:
    pid = os.getpid()
    d = _profile.get(pid)
    if d is None:
        d = tempfile.mkdtemp(prefix="xxgk-lo-profile-")
        _profile[pid] = d
        atexit.register(shutil.rmtree, d, True)
    return d


def _suffix(data: bytes, source: str) -> str:
    """The extension LibreOffice should see: it picks its import filter partly by name."""
    if data.lstrip()[:5] == b"{\\rtf":
        return ".rtf"
    ext = Path(source).suffix.lower()
    return ext if ext in (".doc", ".wps", ".dot", ".wpt", ".rtf") else ".doc"


def _ole_encrypted(data: bytes) -> bool:
    """An OLE container holding an encrypted OOXML package or a Word file with the encryption flag."""
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
        return True
    # Word 97 FIB: wIdent 0xA5EC at offset 512 of the WordDocument stream; fEncrypted is bit 8 of the
    # flags at FIB offset 0x0A. The stream usually starts at sector 1 (byte 512) in small files.
    fib = data[512:512 + 12]
    if len(fib) == 12 and fib[0:2] == b"\xec\xa5":
        flags = int.from_bytes(fib[10:12], "little")
        return bool(flags & 0x0100)
    return False


def _kill_group(proc: subprocess.Popen) -> None:
    """End the conversion and its children (soffice is a wrapper that starts soffice.bin)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def convert(data: bytes, source: str) -> bytes:
    """DOCX bytes of a DOC/WPS/RTF file, made by LibreOffice; the input file is never touched."""
    name = Path(source).name or source
    prog = _program()
    if prog is None:
        raise ReadError(f"{name}: reading .doc/.wps needs LibreOffice; install it (Debian: apt-get install "
                        f"libreoffice-writer) so that `soffice` is on PATH")
    if _ole_encrypted(data):
        raise ReadError(f"{name}: encrypted Word document, needs a password")
    with _lock, tempfile.TemporaryDirectory(prefix="xxgk-doc-") as tmp:
        src = Path(tmp) / ("input" + _suffix(data, source))
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        profile = Path(_profile_dir()).as_uri()
        cmd = [prog, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={profile}", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=tmp)
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as e:
            raise ReadError(f"{name}: cannot run LibreOffice ({e.strerror})") from None
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReadError(f"{name}: LibreOffice did not convert the file within {TIMEOUT} s") from None
        out = outdir / (src.stem + ".docx")
        if not out.exists() or out.stat().st_size == 0:
            err = (stderr or stdout or b"").decode("utf-8", "replace").strip().splitlines()
            why = next((ln for ln in err if "javaldx" not in ln), "") if err else ""
            raise ReadError(f"{name}: LibreOffice could not convert it (corrupt or not a Word document"
                            f"{'; ' + why if why else ''})")
        return out.read_bytes()


def read(data: bytes, source: str) -> Document:
    """Read a Word 97 / WPS / RTF file through LibreOffice's DOCX export."""
    docx_bytes = convert(data, source)
    doc = docx_reader.read(docx_bytes, source)
    doc.reader = "doc"
    return doc
