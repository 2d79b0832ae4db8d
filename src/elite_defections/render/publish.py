"""Publish the HTML and the PDF as a pair: either both new ones or both previous ones.

The renders are written into a temporary folder beside the outputs (`report/.render-*`, the same
file system, so every move is a rename). Publishing first keeps a hard link to each previous
output in that folder, writes a `swapping` mark, renames the new outputs over the old, and removes
the folder. A failure between the renames puts the previous outputs back at once; a build killed
between them leaves the mark, and the next build (`recover`, under the lock) puts them back then.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MARK = "swapping"


class PublishError(RuntimeError):
    """The new pair could not be put in place; the previous pair was restored."""


def _backup_name(final: Path) -> str:
    return f"previous-{final.name}"


def _restore(folder: Path, finals: list[Path]) -> None:
    for final in finals:
        backup = folder / _backup_name(final)
        if backup.exists():
            os.replace(backup, final)
        elif final.exists() and (folder / f"published-{final.name}").exists():
            final.unlink()  # there was no previous output: remove the new one, not half a pair


def publish_pair(produced: dict[Path, Path], folder: Path) -> None:
    """Move each staged file (value) over its final path (key), all or none."""
    finals = list(produced)
    for final in finals:
        if final.exists():
            os.link(final, folder / _backup_name(final))
    (folder / MARK).write_text("\n".join(str(f) for f in finals) + "\n", encoding="utf-8")
    try:
        for final, staged in produced.items():
            (folder / f"published-{final.name}").touch()
            os.replace(staged, final)
    except BaseException as exc:
        _restore(folder, finals)
        (folder / MARK).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PublishError(f"could not put {final.name} in place ({exc.strerror or exc}); "
                               "the previous HTML and PDF were kept") from None
        raise
    (folder / MARK).unlink()


@contextmanager
def previous_kept(finals: list[Path], folder: Path) -> Iterator[None]:
    """For a renderer that writes over the outputs itself (Quarto): copies of the previous outputs
    and the mark are in place first, and the previous pair is back when the block ends, however it
    ends; killed inside it, the next build's `recover` puts them back."""
    for final in finals:
        if final.exists():
            shutil.copy2(final, folder / _backup_name(final))
        else:
            (folder / f"published-{final.name}").touch()
    (folder / MARK).write_text("\n".join(str(f) for f in finals) + "\n", encoding="utf-8")
    try:
        yield
    finally:
        _restore(folder, finals)
        for final in finals:
            (folder / f"published-{final.name}").unlink(missing_ok=True)
        (folder / MARK).unlink(missing_ok=True)


def recover(folder: Path) -> bool:
    """A render folder left by a killed build: undo a swap it left half done, then remove it.
    True if the previous pair was restored."""
    mark = folder / MARK
    restored = False
    if mark.is_file():
        finals = [Path(line) for line in mark.read_text(encoding="utf-8").splitlines() if line]
        _restore(folder, finals)
        restored = True
    shutil.rmtree(folder, ignore_errors=True)
    return restored
