"""Command-line entry point: `elite-defections <command>` (or `python -m elite_defections`)."""

from __future__ import annotations

import argparse
import sys

from . import paths
from .errors import DataError


def _validate(args: argparse.Namespace) -> int:
    from .evidence import load_evidence, write_evidence_bibliography

    evidence = load_evidence()
    bib = write_evidence_bibliography(evidence)
    counts = {key: sum(c.source == key for c in evidence.claims) for key in evidence.sources}
    print(f"evidence base valid: {len(evidence.sources)} sources, {len(evidence.claims)} claims "
          f"({', '.join(f'{k} {n}' for k, n in counts.items())}), {len(evidence.people)} people, "
          f"{len(evidence.reference.arrivals)} arrival rows, {len(evidence.reference.facts)} dated facts")
    print(f"bibliography written: {bib.relative_to(paths.ROOT)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="elite-defections", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="load and check the evidence base; write the bibliography")
    validate.set_defaults(run=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
