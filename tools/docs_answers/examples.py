"""The GraphQL examples of a Markdown page: the query, the role it runs as, its variables and
the answer block shown under it.

An example is a ```graphql block with ``<!-- role: reader -->`` (or ``analyst``, ``admin``) on
the line before it. It may be followed, after blank lines, by a ``Variables: `{...}` `` line
and then a ```json block: the answer shown. An example without a ```json block is run but has
no answer shown.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_service.domain.access import Role

REPO = Path(__file__).resolve().parents[2]
_ROLE = re.compile(r"^<!-- role: (\w+) -->$")
_VARIABLES = re.compile(r"^Variables: `(.*)`$")
_FENCE_END = "```"


@dataclass(frozen=True)
class AnswerBlock:
    """The lines ``start`` to ``end`` (0-based, end excluded) inside a ```json block."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Example:
    path: Path
    line: int  # 1-based line of the ```graphql fence
    role: Role | None  # None when the page does not say
    query: str
    variables: dict[str, Any]
    answer: AnswerBlock | None

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def documented_pages() -> list[Path]:
    """The pages whose examples are run: the README and every page under docs/."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def examples_in(path: Path) -> list[Example]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    found = []
    for number, line in enumerate(lines):
        if line.rstrip("\n") == "```graphql":
            found.append(_example(path, lines, number))
    return found


def _example(path: Path, lines: list[str], fence: int) -> Example:
    end = _closing(lines, fence)
    marker = _ROLE.match(lines[fence - 1].strip()) if fence else None
    role = Role(marker.group(1)) if marker else None
    after = _skip_blank(lines, end + 1)
    variables: dict[str, Any] = {}
    if after < len(lines) and (given := _VARIABLES.match(lines[after].strip())):
        variables = json.loads(given.group(1))
        after = _skip_blank(lines, after + 1)
    answer = None
    if after < len(lines) and lines[after].rstrip("\n") == "```json":
        closing = _closing(lines, after)
        answer = AnswerBlock(after + 1, closing, "".join(lines[after + 1 : closing]))
    return Example(
        path=path,
        line=fence + 1,
        role=role,
        query="".join(lines[fence + 1 : end]),
        variables=variables,
        answer=answer,
    )


def _closing(lines: list[str], fence: int) -> int:
    for number in range(fence + 1, len(lines)):
        if lines[number].rstrip("\n") == _FENCE_END:
            return number
    raise ValueError(f"the block opened on line {fence + 1} is never closed")


def _skip_blank(lines: list[str], number: int) -> int:
    while number < len(lines) and not lines[number].strip():
        number += 1
    return number


def with_answers(path: Path, answers: dict[int, str]) -> str:
    """The page's text with the answer block of each example (by its line) replaced."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    blocks = {e.line: e.answer for e in examples_in(path) if e.answer is not None}
    # From the bottom up, so that the line numbers of the blocks above stay right.
    for line in sorted(answers, reverse=True):
        block = blocks[line]
        lines[block.start : block.end] = [answers[line]]
    return "".join(lines)
