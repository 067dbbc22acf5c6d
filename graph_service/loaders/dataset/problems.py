"""A problem found in a dataset, located by file, line and field."""

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """``file:line: field: message``; line 0 means the file as a whole."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def write_problems_csv(problems: list[Problem], path: Path) -> None:
    """Every problem as a CSV row: file, line, field, message."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "line", "field", "message"])
        writer.writerows((p.file, p.line, p.field, p.message) for p in problems)
