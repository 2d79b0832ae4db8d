"""Command-line entry point: `elite-defections <command>` (or `python -m elite_defections`).

    elite-defections build [-p name=value ...] [--force] [--jobs N]   everything, as `make report`
                           [--sensitivity]                            and the sensitivity runs, as `make sensitivity`
    elite-defections run   [-p name=value ...] [--force] [--jobs N]   the notebooks only
    (both also take --no-wait: refuse instead of waiting when another build holds the checkout)
    elite-defections validate                                          the evidence base only
    elite-defections params                                            the parameters, defaults and allowed values
    elite-defections diff [OLD] [--csv FILE]                           statistics and verdicts changed since OLD
                                                                       (default: the build before the last)
    elite-defections add-source PATH --key K --outlet O --title T --date D --kind K   register an article
    elite-defections draft-claims KEY [--append]                       claim stubs for its uncovered figures
    elite-defections clean                                             remove build/ (waits for a running build)

An error in the input is one line naming the file, the record and what is wrong (exit 2); a
failure of the build is one line too (exit 1). Anything else is a bug: one line naming the log
under build/ that holds the traceback, for the bug report (exit 70).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

from .core import params, paths
from .core.errors import DataError
from .core.lock import Busy, LockUnavailable
from .core.params import ParameterError, sensitivity
from .engine.build import build, validate_evidence, write_statistics
from .engine.diff import CSV, diff
from .engine.kernels import KernelStartFailed
from .engine.lock import clean, hold
from .engine.pipeline import Interrupted, NotebookFailed, run
from .engine.sensitivity import SensitivityFailed
from .evidence.base import load_evidence, write_evidence_bibliography
from .intake.drafting import draft_claims, stubs_yaml
from .intake.register import add_source, draft_and_append
from .render.project import RenderError
from .render.render import render_briefing


def _validate(args: argparse.Namespace) -> int:
    with hold():  # it writes the bibliography a running build may be reading
        evidence = load_evidence(fresh=True)
        bib = write_evidence_bibliography(evidence)
    counts = {key: sum(c.source == key for c in evidence.claims) for key in evidence.sources}
    print(f"evidence base valid: {len(evidence.sources)} sources, {len(evidence.claims)} claims "
          f"({', '.join(f'{k} {n}' for k, n in counts.items())}), {len(evidence.people)} people, "
          f"{len(evidence.reference.arrivals)} arrival rows, {len(evidence.reference.facts)} dated facts")
    print(f"bibliography written: {bib.relative_to(paths.ROOT)}")
    waiting = [c for c in evidence.claims if not c.reviewed]
    if waiting:
        print(f"awaiting review ({len(waiting)} claims drafted by draft-claims; review each, then set reviewed: true):")
        for c in waiting:
            check = c.check["kind"] + (f", rule {c.check['rule']}" if c.check.get("rule") else "")
            print(f"  {c.id}: \u201c{c.figure}\u201d, check {check}")
    return 0


def _params(args: argparse.Namespace):
    return params.load(params.parse_overrides(args.param))


def _run(args: argparse.Namespace) -> int:
    chosen = _params(args)  # refused here, before anything runs
    with hold(no_wait=args.no_wait):
        validate_evidence(args.force)
        run(chosen, force=args.force, jobs=args.jobs, fresh_kernels=args.fresh_kernels)
        write_statistics(chosen)
    return 0


def _build(args: argparse.Namespace) -> int:
    chosen = _params(args)
    if not args.no_sensitivity:
        sensitivity(chosen)  # a bad sensitivity block is refused here too, before anything runs
    with hold(no_wait=args.no_wait):
        build(chosen, force=args.force, jobs=args.jobs, render=not args.no_render, timeout=args.timeout,
              fresh_kernels=args.fresh_kernels,
              with_sensitivity=True if args.sensitivity else False if args.no_sensitivity else None)
    return 0


def _show_params(args: argparse.Namespace) -> int:
    values = params.load()
    for name, spec in params.SPECS.items():
        print(f"{name} = {params.to_papermill(values)[name]}\n    allowed: {spec.allowed}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    print(diff(Path(args.old) if args.old else None, csv_path=Path(args.csv) if args.csv else CSV))
    return 0


def _add_source(args: argparse.Namespace) -> int:
    uncertain = {}
    for item in args.uncertain:
        field, sep, why = item.partition("=")
        if not sep or not why.strip():
            raise DataError(paths.SOURCES_REGISTRY, args.key, "uncertain", f"{item!r}: write FIELD=WHY")
        uncertain[field.strip()] = why.strip()
    record = add_source(args.path, key=args.key, outlet=args.outlet, title=args.title, date=args.date,
                        kind=args.kind, url=args.url, author=args.author, container=args.container,
                        now=args.now, primary_source=args.primary_source, uncertain=uncertain)
    print(f"registered {record['key']}: data/sources/articles/{record['file']} (sha256 {record['sha256'][:12]}…)"
          + (f"; uncertain: {', '.join(record['uncertain'])}" if record["uncertain"] else ""))
    print(f"next: elite-defections draft-claims {record['key']} --append")
    return 0


def _draft_claims(args: argparse.Namespace) -> int:
    stubs = draft_and_append(args.key) if args.append else draft_claims(args.key)
    if not stubs:
        print(f"every figure in {args.key} is already covered by a claim", file=sys.stderr)
        return 0
    if args.append:
        print(f"appended {len(stubs)} claim stubs to {paths.CLAIMS.relative_to(paths.ROOT)} "
              f"(each with a proposed check and reviewed: false); review each, then set reviewed: true")
    else:
        print(stubs_yaml(stubs), end="")
    return 0


def _render(args: argparse.Namespace) -> int:
    with hold(no_wait=args.no_wait):
        validate_evidence(args.force)  # the filter reads the ledger: only a valid one (no alias bomb) gets there
        render_briefing(force=args.force, timeout=args.timeout)
    return 0


def _clean(args: argparse.Namespace) -> int:
    clean(no_wait=args.no_wait)
    print(f"removed {paths.BUILD.relative_to(paths.ROOT)}/")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="elite-defections", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="load and check the evidence base; write the bibliography"
                        ).set_defaults(run=_validate)
    commands.add_parser("params", help="list the parameters with their defaults and allowed values"
                        ).set_defaults(run=_show_params)
    compare = commands.add_parser("diff", help="list statistics, verdicts and parameters added, removed or "
                                  "changed since OLD (default: the statistics the last build replaced)")
    compare.add_argument("old", nargs="?", help="an earlier statistics.json (default: build/statistics.previous.json)")
    compare.add_argument("--csv", metavar="FILE", help="where to write the CSV (default: build/statistics-diff.csv)")
    compare.set_defaults(run=_diff)
    add = commands.add_parser("add-source", help="register an article: copy its text, record its checksum and metadata")
    add.add_argument("path", help="the article's text, UTF-8, exactly as captured")
    for flag, text in (("--key", "citation key, e.g. reuters2024"), ("--outlet", "the publishing outlet"),
                       ("--title", "the headline"), ("--date", "publication date, YYYY[-MM[-DD]]"),
                       ("--kind", "kind of outlet (news report, news analysis, editorial, opinion, aggregator…)")):
        add.add_argument(flag, required=True, help=text)
    for flag, text in (("--url", "the article's address"), ("--author", "the byline"),
                       ("--container", "short name for prose (default: the outlet)"),
                       ("--now", "the article's 'now' for relative dates (default: its date)"),
                       ("--primary-source", "the primary source the article names")):
        add.add_argument(flag, help=text)
    add.add_argument("--uncertain", action="append", default=[], metavar="FIELD=WHY",
                     help="a field that was inferred, and why (repeatable)")
    add.set_defaults(run=_add_source)
    draft = commands.add_parser("draft-claims", help="print (or --append) claim stubs for an article's uncovered figures")
    draft.add_argument("key", help="the article's citation key")
    draft.add_argument("--append", action="store_true", help="append the stubs to data/claims.yaml")
    draft.set_defaults(run=_draft_claims)
    for name, func, text in (("run", _run, "execute the notebooks that are out of date"),
                             ("build", _build, "validate, run the notebooks, render the briefing")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                         help="override a parameter from params.yaml (repeatable)")
        sub.add_argument("--force", action="store_true", help="run everything even if nothing changed")
        sub.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
        sub.add_argument("--no-wait", action="store_true",
                         help="if another build is running in this checkout, refuse instead of waiting")
        sub.add_argument("--fresh-kernels", action="store_true",
                         help="a new kernel for every notebook instead of reusing warm ones (slower)")
        if name == "build":
            sub.add_argument("--no-render", action="store_true", help="stop after the statistics")
            sub.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                             help="how long quarto, pandoc or typst may take to answer or render before the build gives up "
                                  "(default 300)")
            runs = sub.add_mutually_exclusive_group()
            runs.add_argument("--sensitivity", action="store_true",
                              help="also run the alternatives of params.yaml's sensitivity block (make sensitivity); "
                                   "without it, a build keeps their results only if they were run for its inputs")
            runs.add_argument("--no-sensitivity", action="store_true",
                              help="do not show the alternatives' results even when current (the briefing says so)")
        sub.set_defaults(run=func)
    render = commands.add_parser(
        "render", help="render the briefing to HTML and PDF (Quarto if installed, else Pandoc + Typst)",
        description="Render report/briefing.qmd and report/annex.qmd to HTML and PDF beside them. Uses "
                    "`quarto render` when quarto is on PATH, else Pandoc and Typst with the same "
                    "_quarto.yml, filter and bibliography. Skips when nothing it reads has changed.")
    render.add_argument("--force", action="store_true", help="render even when nothing has changed")
    render.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="how long quarto, pandoc or typst may take before the render gives up (default 300)")
    render.add_argument("--no-wait", action="store_true",
                        help="if a build is running in this checkout, refuse instead of waiting")
    render.set_defaults(run=_render)
    wipe = commands.add_parser("clean", help="remove build/ (after a running build or intake has finished)")
    wipe.add_argument("--no-wait", action="store_true", help="if a build is running, refuse instead of waiting")
    wipe.set_defaults(run=_clean)
    for choice in commands._choices_actions:  # every subcommand's --help says what it does
        sub = commands.choices[choice.dest]
        sub.description = sub.description or f"{choice.help[0].upper()}{choice.help[1:]}."
    return parser


def crash_log(exc: BaseException) -> Path:
    """Write the traceback of an unexpected exception under build/ (else the system's temporary
    folder) and return where."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    for folder in (paths.BUILD / "crash", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"elite-defections-{stamp}-{os.getpid()}.log"
            target.write_text(f"argv: {sys.argv!r}\n{text}", encoding="utf-8")
            return target
        except OSError:
            continue
    return Path("(no writable folder for the log)")


def _os_error(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else "a file"
    return f"cannot write or read {where}: {exc.strerror or exc}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _guarded(args)
    except (KeyboardInterrupt, Interrupted):
        print("\ninterrupted", file=sys.stderr)
        sys.stderr.flush()
        os._exit(130)


def _guarded(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except (KeyboardInterrupt, Interrupted):
        # Queued notebooks were cancelled and kernels stopped on the way out; the statistics were put
        # back if they had been replaced (engine/release.py); an intake writes by a final rename only.
        what = ("the statistics and the briefing are as they were before this build"
                if args.command in ("build", "run", "render") else "nothing was changed")
        print(f"\ninterrupted: stopped; {what}", file=sys.stderr)
        sys.stderr.flush()
        os._exit(130)  # not a normal exit: it would wait for notebook threads that are being torn down
    except (DataError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (NotebookFailed, RenderError, Busy, LockUnavailable, KernelStartFailed, SensitivityFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only folder, a full disk: the system's own words, and the file
        print(f"error: {_os_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into one line
        log = crash_log(exc)
        print(f"error: unexpected {type(exc).__name__} (a bug in elite-defections, not in your data): "
              f"please report it with the traceback in {log}", file=sys.stderr)
        return 70
