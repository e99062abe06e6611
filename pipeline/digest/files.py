"""Writing a digest to disk: `<dir>/digest-2026-W48.eml` (the whole message) and `.html` (for a browser).

Both files are written to a temporary name and renamed into place, so a reader never sees half a
file. A dry run writes `digest-2026-W48.dry-run.eml` / `.html`, leaving a delivered week's files alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def digest_paths(directory: Path, week: str, dry_run: bool = False) -> tuple[Path, Path]:
    stem = f"digest-{week}" + (".dry-run" if dry_run else "")
    return directory / f"{stem}.eml", directory / f"{stem}.html"


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_digest_files(directory: Path, week: str, eml: bytes, html: str, dry_run: bool = False) -> tuple[Path, Path]:
    """Write the .eml and .html of one week's digest; return their paths."""
    eml_path, html_path = digest_paths(Path(directory), week, dry_run)
    write_atomically(html_path, html.encode("utf-8"))
    write_atomically(eml_path, eml)
    return eml_path, html_path
