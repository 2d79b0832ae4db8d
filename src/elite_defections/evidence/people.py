"""People named in the articles, one entity per person whatever the spelling."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from ..core.errors import DataError
from ..core.loading import (
    parse_partial_date,
    read_yaml_list,
    record_name,
    require_fields,
)

REQUIRED = ("id", "name", "aliases", "role", "kind", "defected", "defected_marks", "made_public", "post",
            "source_note")
# The event a `defected` date is: the facts date some diplomats by leaving their post, others by
# arriving in South Korea, so the date always says which.
MARKS = ("left the post", "arrived in South Korea", "defected")
KINDS = ("diplomat", "official", "leader", "other")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # matched whole (fullmatch)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    role: str | None
    kind: str
    defected: str | None
    defected_marks: str | None
    made_public: str | None
    post: str | None
    source_note: str | None

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def load_people(path: Path = paths.PEOPLE) -> dict[str, Person]:
    people: dict[str, Person] = {}
    seen_spellings: dict[str, str] = {}
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i)
        require_fields(path, record, name, REQUIRED)
        pid = record["id"]
        if not isinstance(pid, str) or not SLUG.fullmatch(pid):
            raise DataError(path, name, "id", f"{pid!r} is not a lowercase hyphenated slug")
        if pid in people:
            raise DataError(path, name, "id", f"duplicate id {pid!r}")
        if record["kind"] not in KINDS:
            raise DataError(path, name, "kind", f"{record['kind']!r} is not one of {', '.join(KINDS)}")
        aliases = tuple(record["aliases"] or ())
        for spelling in (record["name"], *aliases):
            folded = spelling.casefold()
            if folded in seen_spellings and seen_spellings[folded] != pid:
                raise DataError(path, name, "aliases",
                                f"{spelling!r} already names {seen_spellings[folded]!r}")
            seen_spellings[folded] = pid
        if (record["defected_marks"] is None) != (record["defected"] is None) or \
                record["defected_marks"] not in (None, *MARKS):
            raise DataError(path, name, "defected_marks", f"{record['defected_marks']!r}: with a `defected` "
                            f"date, give the event it is, one of {', '.join(MARKS)}; without one, null")
        dates = {f: parse_partial_date(record[f], path, name, f) for f in ("defected", "made_public")}
        people[pid] = Person(**{**record, **dates, "aliases": aliases})
    return people


def find_mentions(text: str, people: dict[str, Person]) -> dict[str, list[str]]:
    """Which people a text names, and under which spellings (used to check normalisation)."""
    found: dict[str, list[str]] = {}
    for person in people.values():
        hits = [s for s in person.spellings if re.search(rf"\b{re.escape(s)}\b", text)]
        if hits:
            found[person.id] = hits
    return found
