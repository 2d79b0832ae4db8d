"""Render the briefing and its technical annex to HTML and PDF.

`quarto render` when a `quarto` executable is on PATH; otherwise the same engines Quarto drives:
Pandoc (from the `pypandoc-binary` wheel) with `--citeproc` for the HTML, and Pandoc's Typst writer
plus the `typst` package for the PDF. Both read the same `_quarto.yml`, the same `.qmd`, the same
Lua filter and the same bibliography, and the build says which renderer it used.

The fallback reads `_quarto.yml` the way Quarto does for what the briefing uses: the project's
render list; top-level keys as document metadata; `filters:`; per-format options under `format:`;
and strings that name existing files rewritten relative to the document, with Pandoc run from the
document's folder.

A render writes into a temporary folder and replaces the outputs (`os.replace`) only when every
format of every document succeeded; a failed render leaves the previous briefing in place and raises `RenderError`.
Before rendering, the generated blocks the filter places (tables, appendices, sections) are
prepared in Python (`blocks.write_blocks`, into the file `_quarto.yml` names as `blocks:`); that
is skipped too when nothing they are made from changed. When nothing the render reads has changed
(documents, `_quarto.yml` and every file it names, statistics, blocks, bibliography, figures, this
module, the renderer) it is skipped, unless forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable

from ..core.build_identity import source_date
from .blocks import write_blocks
from .fallback import (
    find_pandoc,
    pandoc_version,
    render_fallback,
)
from .project import (
    CONFIG,
    Project,
    RenderError,
    load_project,
)
from .publish import PublishError, publish_pair
from .quarto import (
    find_quarto,
    quarto_version,
    render_quarto,
)

STAMP = "render-stamp.json"


@dataclass(frozen=True)
class RenderResult:
    renderer: str                       # e.g. "Pandoc 3.9 + Typst (typst-py 0.15.2)"
    outputs: dict[str, Path]            # format -> output file of the first document (the briefing)
    skipped: bool = False               # nothing changed since the last render
    seconds: float = 0.0
    documents: dict[Path, dict[str, Path]] = field(default_factory=dict)  # every document's outputs

    @property
    def all_outputs(self) -> list[Path]:
        """Every output of every document (published together)."""
        return [out for outs in self.documents.values() for out in outs.values()]


# Which renderer ---------------------------------------------------------------------------------


def package_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "missing"


def renderer_identity(quarto: str | None) -> str:
    """A cheap identity of the renderer for the fingerprint (no subprocess)."""
    if quarto:
        real = Path(quarto).resolve()
        stat = real.stat()
        return f"quarto {real} {stat.st_size} {stat.st_mtime_ns}"
    return f"pypandoc-binary {package_version('pypandoc_binary')} typst {package_version('typst')} {os.environ.get('PYPANDOC_PANDOC', '')}"


# Fingerprint ------------------------------------------------------------------------------------

def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def named_files(project: Project) -> list[Path]:
    """Files the render reads, as named by `_quarto.yml`: filters, CSS, headers, statistics,
    bibliography, ledger... (any string that names a file under the project root)."""
    found = []
    for s in _strings(project.config):
        if "\n" in s or len(s) > 500:
            continue
        candidate = project.root / s
        try:
            if candidate.is_file():
                found.append(candidate.resolve())
            elif candidate.is_dir() and candidate.resolve() != project.root:
                found.extend(p.resolve() for p in candidate.rglob("*") if p.is_file())
        except OSError:
            continue
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fingerprint(project: Project, renderer: str) -> str:
    files = {project.root / CONFIG, *project.documents, *named_files(project), Path(__file__).resolve()}
    figures = project.root / str(project.metadata.get("figures", "build/figures"))
    if figures.is_dir():
        files.update(p for p in figures.rglob("*") if p.is_file())
    digest = hashlib.sha256(renderer.encode())
    for path in sorted(files):
        name = os.path.relpath(path, project.root)
        digest.update(f"\0{name}\0".encode())
        digest.update(_sha256(path).encode() if path.is_file() else b"missing")
    for name in ("statistics", "blocks", "bibliography"):  # named but absent: still part of the state
        for value in _strings(project.metadata.get(name)):
            digest.update(f"\0{name}={value}:{(project.root / value).is_file()}".encode())
    return digest.hexdigest()


def _read_stamp(project: Project) -> dict[str, Any]:
    try:
        return json.loads((project.build_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _up_to_date(project: Project, print_: str) -> dict[str, Any] | None:
    stamp = _read_stamp(project)
    if stamp.get("fingerprint") != print_:
        return None
    for doc in project.documents:
        for out in project.outputs(doc).values():
            rel = os.path.relpath(out, project.root)
            if not out.is_file() or stamp.get("outputs", {}).get(rel) != _sha256(out):
                return None
    return stamp


def _write_stamp(project: Project, print_: str, renderer: str, outputs: list[Path]) -> None:
    project.build_dir.mkdir(parents=True, exist_ok=True)
    stamp = {"fingerprint": print_, "renderer": renderer,
             "outputs": {os.path.relpath(p, project.root): _sha256(p) for p in outputs}}
    (project.build_dir / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")


# The fallback: Pandoc + Typst -------------------------------------------------------------------


# Quarto -----------------------------------------------------------------------------------------


# Entry point ------------------------------------------------------------------------------------

def render_briefing(force: bool = False, root: Path | None = None,
                    log: Callable[[str], None] = print, timeout: float = 300) -> RenderResult:
    """Render every document of the project (the briefing and its annex) to HTML and PDF and
    publish all the outputs together; skip
    when nothing changed. `timeout` bounds each call of `quarto`, `pandoc` and `typst`."""
    started = time.perf_counter()
    project = load_project(root)
    write_blocks(project, log)
    quarto = find_quarto()
    identity = renderer_identity(quarto)
    epoch = int(source_date().timestamp())
    print_ = fingerprint(project, f"{identity} date {epoch}")
    documents = {doc: project.outputs(doc) for doc in project.documents}
    outputs = documents[project.documents[0]]
    every = [out for outs in documents.values() for out in outs.values()]
    if not force:
        stamp = _up_to_date(project, print_)
        if stamp is not None:
            renderer = stamp.get("renderer", identity)
            log(f"briefing up to date (nothing it reads has changed; last rendered with {renderer}); "
                "--force renders anyway")
            return RenderResult(renderer, outputs, skipped=True, seconds=time.perf_counter() - started,
                                documents=documents)

    if quarto:
        renderer = quarto_version(quarto, timeout)
        log(f"rendering with {renderer} ({quarto})")
    else:
        pandoc = find_pandoc()
        renderer = f"Pandoc {pandoc_version(pandoc)} + Typst (typst-py {package_version('typst')})"
        log(f"rendering with {renderer}: no quarto on PATH, so driving the engines Quarto uses")

    # Written beside the outputs (same file system), then published as a pair.
    first = every[0]
    first.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".render-", dir=first.parent))
    try:
        if quarto:
            produced = render_quarto(project, quarto, tmp, log, timeout)
        else:
            produced = render_fallback(project, renderer, pandoc, tmp, log, epoch, timeout)
        try:
            publish_pair(produced, tmp)
        except PublishError as exc:
            raise RenderError(str(exc)) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    project.build_dir.mkdir(parents=True, exist_ok=True)
    _write_stamp(project, print_, renderer, list(produced))
    seconds = time.perf_counter() - started
    names = ", ".join(str(p.relative_to(project.root)) for p in produced)
    log(f"rendered {names} with {renderer} in {seconds:.1f} s")
    return RenderResult(renderer, outputs, skipped=False, seconds=seconds, documents=documents)
