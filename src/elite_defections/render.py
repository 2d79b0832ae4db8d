"""Render the briefing to HTML and PDF.

`quarto render` when a `quarto` executable is on PATH; otherwise the same engines Quarto drives:
Pandoc (from the `pypandoc-binary` wheel) with `--citeproc` for the HTML, and Pandoc's Typst writer
plus the `typst` package for the PDF. Both read the same `_quarto.yml`, the same `.qmd`, the same
Lua filter and the same bibliography, and the build says which renderer it used.

The fallback reads `_quarto.yml` the way Quarto does for what the briefing uses: the project's
render list; top-level keys as document metadata; `filters:`; per-format options under `format:`;
and strings that name existing files rewritten relative to the document, with Pandoc run from the
document's folder.

A render writes into a temporary folder and replaces the outputs (`os.replace`) only when every
format succeeded; a failed render leaves the previous briefing in place and raises `RenderError`.
When nothing the render reads has changed (documents, `_quarto.yml` and every file it names,
statistics, bibliography, figures, this module, the renderer) it is skipped, unless forced.

Module-level imports are kept to the standard library so that the no-change path stays fast.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import paths

CONFIG = "_quarto.yml"
# Output extension of each format the briefing is rendered to.
EXTENSIONS = {"html": ".html", "typst": ".pdf"}
# Options the fallback turns into Pandoc flags (everything else under a format is metadata).
FLAG_OPTIONS = {"toc", "toc-depth", "number-sections", "embed-resources", "self-contained", "css",
                "include-in-header", "include-before-body", "include-after-body", "template",
                "citeproc", "section-divs"}
# Quarto-only options with no Pandoc meaning; the fallback leaves them out.
QUARTO_ONLY = {"minimal", "theme", "keep-typ", "keep-md", "keep-tex", "output-file", "output-ext",
               "fig-format", "fig-width", "fig-height", "code-fold", "anchor-sections",
               "smooth-scroll", "citations-hover", "footnotes-hover", "crossrefs-hover",
               "execute", "engine", "jupyter", "freeze", "template-partials", "brand"}
STAMP = "render-stamp.json"


class RenderError(RuntimeError):
    """The briefing was not rendered; the message names the problem. Previous outputs are intact."""


@dataclass(frozen=True)
class RenderResult:
    renderer: str                       # e.g. "Pandoc 3.9 + Typst (typst-py 0.15.2)"
    outputs: dict[str, Path]            # format -> output file
    skipped: bool = False               # nothing changed since the last render
    seconds: float = 0.0


@dataclass(frozen=True)
class Project:
    root: Path
    config: dict[str, Any]
    documents: list[Path]
    formats: dict[str, dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)

    def outputs(self, document: Path) -> dict[str, Path]:
        return {fmt: document.with_suffix(EXTENSIONS[fmt]) for fmt in self.formats}

    @property
    def build_dir(self) -> Path:
        return self.root / paths.BUILD.relative_to(paths.ROOT)


def load_project(root: Path | None = None) -> Project:
    """Read `_quarto.yml`: the one reader of the configuration, for both renderers."""
    import yaml  # light, and only needed once we know there is a project to read

    root = Path(root or paths.ROOT).resolve()
    config_path = root / CONFIG
    try:
        config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise RenderError(f"{config_path} not found: the render step needs the Quarto project file") from None
    except yaml.YAMLError as exc:
        raise RenderError(f"{config_path} is not valid YAML: {exc}") from None
    project = config.get("project") or {}
    documents = [root / d for d in project.get("render") or []]
    if not documents:
        raise RenderError(f"{CONFIG}: project.render lists no documents")
    for doc in documents:
        if not doc.is_file():
            raise RenderError(f"{CONFIG}: project.render names {doc.relative_to(root)}, which does not exist")
    formats = config.get("format") or {}
    if isinstance(formats, str):
        formats = {formats: {}}
    formats = {name: dict(options or {}) for name, options in formats.items()}
    unknown = sorted(set(formats) - set(EXTENSIONS))
    if unknown:
        raise RenderError(f"{CONFIG}: format {unknown[0]!r} is not one the briefing renders "
                          f"(supported: {', '.join(EXTENSIONS)})")
    if "typst" in formats and not formats["typst"].get("citeproc"):
        raise RenderError(f"{CONFIG}: format.typst needs 'citeproc: true' (the bibliography is CSL-JSON, "
                          "which Typst's own bibliography engine cannot read)")
    metadata = {k: v for k, v in config.items() if k not in ("project", "format")}
    return Project(root, config, documents, formats, metadata)


# Which renderer ---------------------------------------------------------------------------------

def find_quarto() -> str | None:
    return shutil.which("quarto")


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

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
    return f"pypandoc-binary {_version('pypandoc_binary')} typst {_version('typst')}"


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


def _named_files(project: Project) -> list[Path]:
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
    files = {project.root / CONFIG, *project.documents, *_named_files(project), Path(__file__).resolve()}
    figures = project.root / str(project.metadata.get("figures", "build/figures"))
    if figures.is_dir():
        files.update(p for p in figures.rglob("*") if p.is_file())
    digest = hashlib.sha256(renderer.encode())
    for path in sorted(files):
        name = os.path.relpath(path, project.root)
        digest.update(f"\0{name}\0".encode())
        digest.update(_sha256(path).encode() if path.is_file() else b"missing")
    for name in ("statistics", "bibliography", "claims"):  # named but absent: still part of the state
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


def _as_list(value: Any) -> list:
    if value is None or value is False:
        return []
    return value if isinstance(value, list) else [value]


def pandoc_arguments(project: Project, document: Path, fmt: str, renderer: str,
                     output: Path, metadata_file: Path) -> list[str]:
    """The Pandoc command line for one format, and the metadata file it reads (written here)."""
    docdir = document.parent
    options = _relative_to_document(project.formats[fmt], project, docdir)
    metadata = _relative_to_document(project.metadata, project, docdir)
    filters = _as_list(metadata.pop("filters", None))
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
        args += ["--to", "html5", "--section-divs"]
        if options.get("embed-resources") or options.get("self-contained"):
            args.append("--embed-resources")
    else:
        args += ["--to", "typst"]
    if options.get("toc"):
        args.append("--toc")
        if "toc-depth" in options:
            args.append(f"--toc-depth={options['toc-depth']}")
    if options.get("number-sections"):
        args.append("--number-sections")
    for css in _as_list(options.get("css")):
        args += ["--css", css]
    for flag, key in (("--include-in-header", "include-in-header"),
                      ("--include-before-body", "include-before-body"),
                      ("--include-after-body", "include-after-body")):
        for value in _as_list(options.get(key)):
            if isinstance(value, dict):
                raise RenderError(f"{CONFIG}: format.{fmt}.{key}: only file paths are supported by the fallback")
            args += [flag, value]
    if options.get("template"):
        args += ["--template", options["template"]]
    if metadata.get("bibliography") or options.get("citeproc"):
        args.append("--citeproc")
    return args


def _pandoc(pandoc: str, args: list[str], cwd: Path, what: str, log: Callable[[str], None]) -> None:
    result = subprocess.run([pandoc, *args], cwd=cwd, capture_output=True, text=True)
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


def _render_fallback(project: Project, renderer: str, tmp: Path, log: Callable[[str], None]) -> dict[Path, Path]:
    import pypandoc
    import typst

    pandoc = pypandoc.get_pandoc_path()
    produced: dict[Path, Path] = {}
    for doc in project.documents:
        rel = doc.relative_to(project.root)
        for fmt, final in project.outputs(doc).items():
            what = f"{rel} to {fmt}"
            if fmt == "html":
                out = tmp / final.name
                _pandoc(pandoc, pandoc_arguments(project, doc, fmt, renderer, out, tmp / "html-meta.json"),
                        doc.parent, what, log)
            else:
                typ = tmp / final.with_suffix(".typ").name
                out = tmp / final.name
                _pandoc(pandoc, pandoc_arguments(project, doc, fmt, renderer, typ, tmp / "typst-meta.json"),
                        doc.parent, what, log)
                try:
                    _, warnings = typst.compile_with_warnings(
                        str(typ), output=str(out), root=str(project.root),
                        font_paths=[], ignore_system_fonts=True)
                except typst.TypstError as exc:
                    detail = getattr(exc, "diagnostic", "") or ""
                    raise RenderError(f"typst could not compile {what}: {exc} {detail}".strip()) from None
                for w in warnings or []:
                    log(f"  typst: {getattr(w, 'message', w)}")
            if not out.is_file() or out.stat().st_size == 0:
                raise RenderError(f"{what}: no output was written")
            produced[final] = out
    return produced


# Quarto -----------------------------------------------------------------------------------------

def _render_quarto(project: Project, quarto: str, tmp: Path, log: Callable[[str], None]) -> dict[Path, Path]:
    """Quarto writes its outputs beside the document; the previous ones are kept in `tmp` and put
    back if any render fails, then the new ones are moved through `tmp` like the fallback's."""
    backups: dict[Path, Path] = {}
    finals = [out for doc in project.documents for out in project.outputs(doc).values()]
    for i, out in enumerate(finals):
        if out.is_file():
            backups[out] = tmp / f"previous-{i}{out.suffix}"
            shutil.copy2(out, backups[out])
    produced: dict[Path, Path] = {}
    try:
        for doc in project.documents:
            rel = doc.relative_to(project.root)
            before = {out: out.stat().st_mtime_ns if out.is_file() else None for out in project.outputs(doc).values()}
            result = subprocess.run([quarto, "render", str(rel)], cwd=project.root, capture_output=True, text=True)
            if result.returncode != 0:
                raise RenderError(f"quarto render {rel} failed: {result.stderr.strip() or result.stdout.strip()}")
            for out, mtime in before.items():
                if not out.is_file() or (mtime is not None and out.stat().st_mtime_ns == mtime):
                    raise RenderError(f"quarto render {rel} did not write {out.relative_to(project.root)}")
                staged = tmp / f"new-{len(produced)}{out.suffix}"
                shutil.copy2(out, staged)
                produced[out] = staged
    except BaseException:
        for out, backup in backups.items():
            os.replace(backup, out)
        for out in finals:
            if out not in backups and out.exists():
                out.unlink()
        raise
    return produced


def _quarto_version(quarto: str) -> str:
    try:
        out = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return f"Quarto {out or '(version unknown)'}"


# Entry point ------------------------------------------------------------------------------------

def render_briefing(force: bool = False, root: Path | None = None,
                    log: Callable[[str], None] = print) -> RenderResult:
    """Render every document of the project to HTML and PDF; skip when nothing changed."""
    started = time.perf_counter()
    project = load_project(root)
    quarto = find_quarto()
    identity = renderer_identity(quarto)
    print_ = fingerprint(project, identity)
    outputs = {fmt: out for doc in project.documents for fmt, out in project.outputs(doc).items()}
    if not force:
        stamp = _up_to_date(project, print_)
        if stamp is not None:
            renderer = stamp.get("renderer", identity)
            log(f"briefing up to date (nothing it reads has changed; last rendered with {renderer}); "
                "--force renders anyway")
            return RenderResult(renderer, outputs, skipped=True, seconds=time.perf_counter() - started)

    if quarto:
        renderer = _quarto_version(quarto)
        log(f"rendering with {renderer} ({quarto})")
    else:
        renderer = f"Pandoc {_version('pypandoc_binary')} wheel + Typst (typst-py {_version('typst')})"
        try:
            import pypandoc

            renderer = f"Pandoc {pypandoc.get_pandoc_version()} + Typst (typst-py {_version('typst')})"
        except (ImportError, OSError, RuntimeError):
            pass
        log(f"rendering with {renderer}: no quarto on PATH, so driving the engines Quarto uses")

    project.build_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".render-", dir=project.build_dir))
    try:
        if quarto:
            produced = _render_quarto(project, quarto, tmp, log)
        else:
            produced = _render_fallback(project, renderer, tmp, log)
        for final, staged in produced.items():   # every format succeeded: replace the outputs
            final.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(staged, final)
            except OSError:
                shutil.move(str(staged), str(final))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    _write_stamp(project, print_, renderer, list(produced))
    seconds = time.perf_counter() - started
    names = ", ".join(str(p.relative_to(project.root)) for p in produced)
    log(f"rendered {names} with {renderer} in {seconds:.1f} s")
    return RenderResult(renderer, outputs, skipped=False, seconds=seconds)


def _run(args: argparse.Namespace) -> int:
    try:
        render_briefing(force=args.force)
    except RenderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `render` subcommand to the command-line parser."""
    parser = subparsers.add_parser(
        "render", help="render the briefing to HTML and PDF (Quarto if installed, else Pandoc + Typst)",
        description="Render report/briefing.qmd to report/briefing.html and report/briefing.pdf. Uses "
                    "`quarto render` when quarto is on PATH, else Pandoc and Typst with the same "
                    "_quarto.yml, filter and bibliography. Skips when nothing it reads has changed.")
    parser.add_argument("--force", action="store_true", help="render even when nothing has changed")
    parser.set_defaults(run=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m elite_defections.render", description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="render even when nothing has changed")
    return _run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
