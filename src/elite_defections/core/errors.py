"""One error type for bad input: it names the file, the record and the field."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Raised when an input file breaks its contract.

    The message reads ``<file>: record <record>: <field>: <problem>`` so that the person who
    edits the data can go straight to the line that needs fixing.
    """

    def __init__(self, file: Path | str, record: str | int | None, field: str | None, problem: str):
        self.file = str(file)
        self.record = record
        self.field = field
        self.problem = problem
        where = [self.file]
        if record is not None:
            where.append(f"record {record}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(": ".join(where) + ": " + problem)
