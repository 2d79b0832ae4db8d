"""The bibliography the briefing cites from (`build/references.json`, CSL-JSON): an entry per
article of the registry and per outside source behind the reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.files import write_atomically
from .outside_sources import OutsideSource
from .sources import Source


def date_parts(iso: str) -> dict[str, Any]:
    """A CSL date from a partial ISO date (YYYY[-MM[-DD]])."""
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


# What an item is, in a reader's words, for an entry whose title is not recorded.
DESCRIBED_AS = {"article-newspaper": "Report", "dataset": "Data", "webpage": "Web page", "speech": "Statement",
                "broadcast": "Broadcast", "report": "Report"}


def outside_item(source: OutsideSource, obtained_years: str | None = None) -> dict[str, Any]:
    """A CSL-JSON entry. An item whose title is not recorded is described by what it is and what
    it is cited for, saying that the title is not recorded; its note lists what else the record
    does not hold (citeproc prints "n.d." for a missing date). Titles are kept as recorded
    (`nocase`): a style's title case would mangle names."""
    title = source.title or f"{DESCRIBED_AS[source.type]} cited for {source.used_for} (title not recorded)"
    item: dict[str, Any] = {
        "id": source.key,
        "type": source.type,
        "author": [{"literal": source.author}],
        "title": f'<span class="nocase">{title}</span>',
        "accessed": date_parts(source.accessed),
    }
    if source.type == "broadcast" and source.container:
        # the style prints a broadcast as "Aired <date>, on <station>": it needs the station
        item["publisher"] = source.container
    elif source.container and source.container != source.author:
        # where a newspaper or a site appeared in; a broadcaster or a host is the publisher
        item["container-title" if source.type == "article-newspaper" else "publisher"] = source.container
    if source.date:
        item["issued"] = date_parts(source.date)
    if source.url:
        item["URL"] = source.url
    notes = []
    if obtained_years is not None:
        # printed after the title (`genre`), so the reference says what the entry is for
        item["genre"] = (f"How the data were obtained: the ministry's rows {obtained_years} were copied from it; "
                         "not cited for the figures")
        notes.append(item["genre"])
    if source.uncertain:
        notes.append("Uncertain in the record: " + "; ".join(f"{k}: {v}" for k, v in sorted(source.uncertain.items())))
    if notes:
        # A prefix, because citeproc reads a note line that starts "field: value" as that field.
        item["note"] = ". ".join(notes)
    return item


def _untitled(source: Source) -> str:
    """A title for an article whose headline was not captured: its opening sentence, marked."""
    first = source.text.strip().split(". ")[0].rstrip(".")
    return f"[Untitled; opens: “{first}.”]"


def article_item(source: Source, accessed: str) -> dict[str, Any]:
    """A CSL-JSON entry. Articles without a byline are cited by their outlet, as style guides
    ask for unsigned news items; the registry keeps the author field itself null."""
    item: dict[str, Any] = {
        "id": source.key,
        "type": "article-newspaper",
        "author": [{"literal": source.container}],
        "title": source.title or _untitled(source),
        "container-title": source.container,
        "issued": date_parts(source.date),
        "accessed": date_parts(accessed),
        "genre": source.kind,
    }
    if source.url:
        item["URL"] = source.url
    if source.uncertain:
        # A prefix, because citeproc reads a note line that starts "field: value" as that field.
        item["note"] = "Uncertain in the record: " + "; ".join(
            f"{k}: {v}" for k, v in sorted(source.uncertain.items()))
    return item


def bibliography(sources: dict[str, Source], outside: dict[str, OutsideSource], accessed: str,
                 obtained: dict[str, str] | None = None) -> list[dict]:
    """Every entry the briefing may cite: the articles, then the reference data sets. `obtained`
    maps a compilation rows were copied from to those rows' years (mou_arrivals.yaml `obtained_via`)."""
    obtained = obtained or {}
    return ([article_item(s, accessed) for s in sources.values()]
            + [outside_item(o, obtained.get(o.key)) for o in outside.values()])


def write_bibliography(items: list[dict], path: Path = paths.BIBLIOGRAPHY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(items, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text)  # untouched when unchanged: keeps renders cached
    return path
