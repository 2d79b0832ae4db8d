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
    return f"pypandoc-binary {_version('pypandoc_binary')} typst {_version('typst')} {os.environ.get('PYPANDOC_PANDOC', '')}"


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


def _inline_css(options: dict[str, Any], docdir: Path, metadata_file: Path) -> Path:
    """The format's stylesheets (report/briefing.css) as a <style> element to include in the head."""
    header = metadata_file.with_name("inline-css.html")
    parts = []
    for css in _as_list(options.get("css")):
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


def _render_fallback(project: Project, renderer: str, pandoc: str, tmp: Path, log: Callable[[str], None],
                     epoch: int) -> dict[Path, Path]:
    """Pandoc to HTML, and Pandoc to Typst then Typst to PDF, the two formats side by side."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(doc, fmt, final) for doc in project.documents for fmt, final in project.outputs(doc).items()]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(_render_one, project, renderer, pandoc, tmp, log, epoch, *job) for job in jobs]
        produced = {}
        for (doc, fmt, final), future in zip(jobs, futures):
            produced[final] = future.result()
    return produced


def _render_one(project: Project, renderer: str, pandoc: str, tmp: Path, log: Callable[[str], None], epoch: int,
                doc: Path, fmt: str, final: Path) -> Path:
    rel = doc.relative_to(project.root)
    what = f"{rel} to {fmt}"
    out = tmp / final.name
    meta = tmp / f"{doc.stem}-{fmt}-meta.json"
    if fmt == "html":
        _pandoc(pandoc, pandoc_arguments(project, doc, fmt, renderer, out, meta), doc.parent, what, log)
    else:
        import typst

        typ = tmp / final.with_suffix(".typ").name
        _pandoc(pandoc, pandoc_arguments(project, doc, fmt, renderer, typ, meta), doc.parent, what, log)
        try:
            # `timestamp`: the PDF's creation date is the build's source date, not the clock's.
            _, warnings = typst.compile_with_warnings(
                str(typ), output=str(out), root=str(project.root),
                font_paths=[], ignore_system_fonts=True, timestamp=epoch)
        except typst.TypstError as exc:
            detail = getattr(exc, "diagnostic", "") or ""
            raise RenderError(f"typst could not compile {what}: {exc} {detail}".strip()) from None
        for w in warnings or []:
            log(f"  typst: {getattr(w, 'message', w)}")
    if not out.is_file() or out.stat().st_size == 0:
        raise RenderError(f"{what}: no output was written")
    return out


# Quarto -----------------------------------------------------------------------------------------

def _run_with_timeout(command: list[str], cwd: Path, timeout: float, what: str) -> subprocess.CompletedProcess:
    """Run a command; past `timeout` seconds stop it and everything it started, as a named error."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # its own process group, so all of it can be stopped
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise RenderError(f"{what} did not finish within {timeout:g} s and was stopped "
                          "(is it waiting for something? the limit is the build's --timeout)") from None
    except BaseException:
        _kill_group(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()


def _render_quarto(project: Project, quarto: str, tmp: Path, log: Callable[[str], None],
                   timeout: float) -> dict[Path, Path]:
    """Quarto writes its outputs beside the document: the previous ones are kept in `tmp` and put
    back when the render is over, failed or not (or by the next build, if this one is killed);
    the new ones are published from `tmp` like the fallback's."""
    from .publish import previous_kept

    finals = [out for doc in project.documents for out in project.outputs(doc).values()]
    produced: dict[Path, Path] = {}
    with previous_kept(finals, tmp):
        for doc in project.documents:
            rel = doc.relative_to(project.root)
            before = {out: out.stat().st_mtime_ns if out.is_file() else None for out in project.outputs(doc).values()}
            result = _run_with_timeout([quarto, "render", str(rel)], project.root, timeout, f"quarto render {rel}")
            if result.returncode != 0:
                raise RenderError(f"quarto render {rel} failed: {result.stderr.strip() or result.stdout.strip()}")
            for out, mtime in before.items():
                if not out.is_file() or (mtime is not None and out.stat().st_mtime_ns == mtime):
                    raise RenderError(f"quarto render {rel} did not write {out.relative_to(project.root)}")
                staged = tmp / f"new-{len(produced)}{out.suffix}"
                shutil.copy2(out, staged)
                produced[out] = staged
    return produced


def _quarto_version(quarto: str, timeout: float) -> str:
    try:
        result = _run_with_timeout([quarto, "--version"], Path.cwd(), min(timeout, 60), "quarto --version")
    except OSError as exc:
        raise RenderError(f"quarto ({quarto}) could not be run: {exc}") from None
    if result.returncode != 0:
        raise RenderError(f"quarto --version failed: {result.stderr.strip() or result.returncode}")
    return f"Quarto {result.stdout.strip() or '(version unknown)'}"


# Entry point ------------------------------------------------------------------------------------

def render_briefing(force: bool = False, root: Path | None = None,
                    log: Callable[[str], None] = print, timeout: float = 300) -> RenderResult:
    """Render every document of the project to HTML and PDF and publish them as a pair; skip
    when nothing changed. `timeout` bounds each call of `quarto`."""
    from .build import source_date
    from .publish import PublishError, publish_pair

    started = time.perf_counter()
    project = load_project(root)
    quarto = find_quarto()
    identity = renderer_identity(quarto)
    epoch = int(source_date().timestamp())
    print_ = fingerprint(project, f"{identity} date {epoch}")
    outputs = {fmt: out for doc in project.documents for fmt, out in project.outputs(doc).items()}
    if not force:
        stamp = _up_to_date(project, print_)
        if stamp is not None:
            renderer = stamp.get("renderer", identity)
            log(f"briefing up to date (nothing it reads has changed; last rendered with {renderer}); "
                "--force renders anyway")
            return RenderResult(renderer, outputs, skipped=True, seconds=time.perf_counter() - started)

    if quarto:
        renderer = _quarto_version(quarto, timeout)
        log(f"rendering with {renderer} ({quarto})")
    else:
        pandoc = find_pandoc()
        renderer = f"Pandoc {pandoc_version(pandoc)} + Typst (typst-py {_version('typst')})"
        log(f"rendering with {renderer}: no quarto on PATH, so driving the engines Quarto uses")

    # Written beside the outputs (same file system), then published as a pair.
    first = next(iter(outputs.values()))
    first.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".render-", dir=first.parent))
    try:
        if quarto:
            produced = _render_quarto(project, quarto, tmp, log, timeout)
        else:
            produced = _render_fallback(project, renderer, pandoc, tmp, log, epoch)
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
    return RenderResult(renderer, outputs, skipped=False, seconds=seconds)


def _run(args: argparse.Namespace) -> int:
    from .buildlock import BuildBusy, hold

    try:
        with hold(no_wait=getattr(args, "no_wait", False)):
            render_briefing(force=args.force, timeout=getattr(args, "timeout", 300))
    except (RenderError, BuildBusy) as exc:
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
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="how long quarto may take before the render gives up (default 300)")
    parser.add_argument("--no-wait", action="store_true",
                        help="if a build is running in this checkout, refuse instead of waiting")
    parser.set_defaults(run=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m elite_defections.render", description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="render even when nothing has changed")
    return _run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
