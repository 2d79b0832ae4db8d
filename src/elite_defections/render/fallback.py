"""The fallback when Quarto is absent: the engines Quarto drives, Pandoc (with citeproc) for the
HTML and Pandoc's Typst writer plus the `typst` package for the PDF, given the same
`_quarto.yml`, document, filter and bibliography."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

from .project import (
    CONFIG,
    FLAG_OPTIONS,
    QUARTO_ONLY,
    Project,
    RenderError,
)


def _relative_to_document(value: Any, project: Project, docdir: Path) -> Any:
    """As Quarto does: strings naming existing files (relative to the project root) are rewritten
    relative to the document."""
    if isinstance(value, str):
        candidate = project.root / value
        if "\n" not in value and not os.path.isabs(value) and candidate.is_file():
            return os.path.relpath(candidate, docdir)
        return value
    if isinstance(value, dict):
        return {k: _relative_to_document(v, project, docdir) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative_to_document(v, project, docdir) for v in value]
    return value


def as_list(value: Any) -> list:
    if value is None or value is False:
        return []
    return value if isinstance(value, list) else [value]


def pandoc_arguments(project: Project, document: Path, fmt: str, renderer: str,
                     output: Path, metadata_file: Path) -> list[str]:
    """The Pandoc command line for one format, and the metadata file it reads (written here)."""
    docdir = document.parent
    options = _relative_to_document(project.formats[fmt], project, docdir)
    metadata = _relative_to_document(project.metadata, project, docdir)
    filters = as_list(metadata.pop("filters", None))
    metadata.update({k: v for k, v in options.items() if k not in FLAG_OPTIONS and k not in QUARTO_ONLY})
    metadata["renderer"] = renderer
    metadata_file.write_text(json.dumps(metadata, indent=1, default=str), encoding="utf-8")

    args = [os.path.relpath(document, docdir), "--from", "markdown", "--standalone",
            "--metadata-file", str(metadata_file), "--output", str(output)]
    for f in filters:
        if f == "citeproc":
            continue  # citeproc always runs last, below
        args += ["--lua-filter", f]
    if fmt == "html":
        args += ["--to", "html5", "--section-divs", "--wrap=none"]  # tags whole, as the embed pass left them
        if options.get("embed-resources") or options.get("self-contained"):
            # Self-contained without Pandoc's embed pass (which re-reads the whole page): the figures
            # are inline already, and the stylesheets go in a <style> element written here.
            args += ["--include-in-header", str(_inline_css(options, docdir, metadata_file))]
    else:
        args += ["--to", "typst"]
    if options.get("toc"):
        args.append("--toc")
        if "toc-depth" in options:
            args.append(f"--toc-depth={options['toc-depth']}")
    if options.get("number-sections"):
        args.append("--number-sections")
    if fmt == "html" and not (options.get("embed-resources") or options.get("self-contained")):
        for css in as_list(options.get("css")):
            args += ["--css", css]
    for flag, key in (("--include-in-header", "include-in-header"),
                      ("--include-before-body", "include-before-body"),
                      ("--include-after-body", "include-after-body")):
        for value in as_list(options.get(key)):
            if isinstance(value, dict):
                raise RenderError(f"{CONFIG}: format.{fmt}.{key}: only file paths are supported by the fallback")
            args += [flag, value]
    if options.get("template"):
        args += ["--template", options["template"]]
    if metadata.get("bibliography") or options.get("citeproc"):
        args.append("--citeproc")
    return args


def _inline_css(options: dict[str, Any], docdir: Path, metadata_file: Path) -> Path:
    """The format's stylesheets (report/briefing.css) as a <style> element to include in the head."""
    header = metadata_file.with_name("inline-css.html")
    parts = []
    for css in as_list(options.get("css")):
        try:
            parts.append((docdir / css).read_text(encoding="utf-8"))
        except OSError as exc:
            raise RenderError(f"{CONFIG}: format.html.css names {css}, which cannot be read ({exc.strerror})") from None
    header.write_text("<style>\n" + "\n".join(parts) + "</style>\n", encoding="utf-8")
    return header


def find_pandoc() -> str:
    """The Pandoc executable (pypandoc-binary's, else one on PATH); a named error if there is none."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError, RuntimeError):
        found = shutil.which("pandoc")
        if found and "PYPANDOC_PANDOC" not in os.environ:
            return found
    raise RenderError("Pandoc not found: the render needs it (or Quarto). Install it into the project's "
                      "environment with `make venv` (it comes with the pypandoc-binary package), or "
                      "`.venv/bin/pip install pypandoc-binary`, or from your system (apt-get install pandoc)")


def pandoc_version(pandoc: str) -> str:
    """Pandoc's own version, from the executable itself (not the Python wrapper's)."""
    try:
        out = subprocess.run([pandoc, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    first = out.splitlines()[0].split() if out.strip() else []
    return first[1] if len(first) > 1 else "(version unknown)"


# Typst compiles in a child process, so that a time limit can stop it (the package runs in-process).
TYPST_CHILD = """
import json, sys
try:
    import typst
except ImportError as exc:
    print(f"the typst package is missing ({exc}); run `make venv`", file=sys.stderr)
    sys.exit(3)
typ, out, root, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
try:
    _, warnings = typst.compile_with_warnings(typ, output=out, root=root, font_paths=[],
                                              ignore_system_fonts=True, timestamp=epoch)
except typst.TypstError as exc:
    print(f"{exc} {getattr(exc, 'diagnostic', '') or ''}".strip(), file=sys.stderr)
    sys.exit(2)
print(json.dumps([str(getattr(w, "message", w)) for w in warnings or []]))
"""


# Pandoc's own heap limit (its manual's advice for untrusted input): the filter reads the ledger.
PANDOC_HEAP = ["+RTS", "-M3g", "-RTS"]


def run_pandoc(pandoc: str, args: list[str], cwd: Path, what: str, log: Callable[[str], None],
               timeout: float = 300) -> None:
    try:
        result = subprocess.run([pandoc, *PANDOC_HEAP, *args], cwd=cwd, capture_output=True, text=True,
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"{what}: pandoc did not finish within {timeout:g} s (--timeout); stopped it") from None
    except OSError as exc:
        raise RenderError(f"{what}: pandoc could not be run ({exc.strerror or exc})") from None
    messages = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 0:
        text = "\n".join(messages)
        text = text.split("stack traceback:")[0].strip()
        raise RenderError(f"{what} failed: {text or f'pandoc exited with {result.returncode}'}")
    unresolved = [m for m in messages if "Citeproc: citation" in m and "not found" in m]
    if unresolved:
        raise RenderError(f"{what}: unresolved citation(s): {'; '.join(unresolved)}")
    for m in messages:
        log(f"  pandoc ({what}): {m}")


def run_typst(typ: Path, out: Path, root: Path, epoch: int, what: str, timeout: float) -> list[str]:
    """Compile Typst to PDF in a child process stopped after `timeout` seconds; its warnings."""
    try:
        result = subprocess.run([sys.executable, "-c", TYPST_CHILD, str(typ), str(out), str(root), str(epoch)],
                                capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"{what}: typst did not finish within {timeout:g} s (--timeout); stopped it") from None
    if result.returncode == 3:
        raise RenderError(f"{what}: {result.stderr.strip()}")
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] if "Traceback" in result.stderr else [result.stderr.strip()]
        raise RenderError(f"typst could not compile {what}: {' '.join(detail) or f'exit {result.returncode}'}")
    try:
        return json.loads(result.stdout or "[]")
    except ValueError:
        return []


def render_fallback(project: Project, renderer: str, pandoc: str, tmp: Path, log: Callable[[str], None],
                     epoch: int, timeout: float = 300) -> dict[Path, Path]:
    """Pandoc to HTML, and Pandoc to Typst then Typst to PDF, the two formats side by side."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(doc, fmt, final) for doc in project.documents for fmt, final in project.outputs(doc).items()]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(_render_one, project, renderer, pandoc, tmp, log, epoch, timeout, *job) for job in jobs]
        produced = {}
        for (doc, fmt, final), future in zip(jobs, futures):
            produced[final] = future.result()
    return produced


def _render_one(project: Project, renderer: str, pandoc: str, tmp: Path, log: Callable[[str], None], epoch: int,
                timeout: float, doc: Path, fmt: str, final: Path) -> Path:
    rel = doc.relative_to(project.root)
    what = f"{rel} to {fmt}"
    out = tmp / final.name
    meta = tmp / f"{doc.stem}-{fmt}-meta.json"
    if fmt == "html":
        run_pandoc(pandoc, pandoc_arguments(project, doc, fmt, renderer, out, meta), doc.parent, what, log, timeout)
    else:
        typ = tmp / final.with_suffix(".typ").name
        run_pandoc(pandoc, pandoc_arguments(project, doc, fmt, renderer, typ, meta), doc.parent, what, log, timeout)
        # `epoch`: the PDF's creation date is the build's source date, not the clock's.
        for w in run_typst(typ, out, project.root, epoch, what, timeout):
            log(f"  typst: {w}")
    if not out.is_file() or out.stat().st_size == 0:
        raise RenderError(f"{what}: no output was written")
    return out
