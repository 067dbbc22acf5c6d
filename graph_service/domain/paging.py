"""Keyset pagination: opaque cursors and the page a client asked for.

A cursor holds the sort key and id of the last item a client saw, never an engine id or an
offset, so a page stays valid while data is added before or after it.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph_service.domain.text import unstorable
from graph_service.errors import InputError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Cursor:
    """A position in one ordering of one list: after the item with this sort key and id."""

    order: str
    key: str
    id: str

    def encode(self) -> str:
        text = json.dumps([self.order, self.key, self.id], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, *, argument: str, order: str) -> "Cursor":
        problem = f"{argument}: not a cursor this service issued; use a cursor from pageInfo"
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            value = json.loads(raw.decode())
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise InputError(problem) from None
        if not (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(v, str) and not unstorable(v) for v in value)
        ):
            raise InputError(problem)
        if value[0] != order:
            raise InputError(
                f"{argument}: the cursor belongs to the order {value[0]!r}, not {order!r}; "
                "ask again from the first page when you change the order"
            )
        return cls(order=value[0], key=value[1], id=value[2])


@dataclass(frozen=True)
class PageRequest:
    """``first``/``after`` or ``last``/``before``, checked and ready for a keyset statement."""

    size: int
    backward: bool
    cursor: Cursor | None
    order: str

    @classmethod
    def of(
        cls,
        *,
        order: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> "PageRequest":
        if first is not None and last is not None:
            raise InputError("first and last: give one of them, not both")
        if after is not None and before is not None:
            raise InputError("after and before: give one of them, not both")
        if last is not None or before is not None:
            if first is not None or after is not None:
                raise InputError("last/before cannot be combined with first/after")
            return cls(
                size=_size("last", last),
                backward=True,
                cursor=_cursor("before", before, order),
                order=order,
            )
        return cls(
            size=_size("first", first),
            backward=False,
            cursor=_cursor("after", after, order),
            order=order,
        )

    def parameters(self, *, descending: bool) -> dict[str, Any]:
        """Keyset parameters; one extra row is fetched to learn whether more follow."""
        return {
            "ascending": descending == self.backward,
            "afterKey": self.cursor.key if self.cursor else None,
            "afterId": self.cursor.id if self.cursor else None,
            "limit": self.size + 1,
        }


def _size(argument: str, value: int | None) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= value <= MAX_PAGE_SIZE:
        raise InputError(f"{argument}: must be between 0 and {MAX_PAGE_SIZE}, got {value}")
    return value


def _cursor(argument: str, value: str | None, order: str) -> Cursor | None:
    return None if value is None else Cursor.decode(value, argument=argument, order=order)


@dataclass(frozen=True)
class Page[T]:
    """One page of a list, in the order the client asked for, with a cursor per item."""

    items: list[tuple[Cursor, T]]
    has_next: bool
    has_previous: bool

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, T]], request: PageRequest) -> "Page[T]":
        """``rows`` are (sort key, id, item) in scan order, one more than a page if more follow."""
        more = len(rows) > request.size
        rows = rows[: request.size]
        if request.backward:
            rows.reverse()
        items = [(Cursor(request.order, key, id_), item) for key, id_, item in rows]
        came_from_cursor = request.cursor is not None
        if request.backward:
            return cls(items, has_next=came_from_cursor, has_previous=more)
        return cls(items, has_next=more, has_previous=came_from_cursor)


def ranked_page[T](ranking: list[T], request: PageRequest, id_of: Callable[[T], str]) -> Page[T]:
    """A page of a ranking computed whole: the cursor key is the position in the ranking.

    Such cursors point into one answer; they stay meaningful while the ranking is unchanged.
    """
    if request.cursor is not None:
        key = request.cursor.key
        # ASCII digits only ("²" is a digit to str.isdigit) and short enough to be a position.
        if not (key.isascii() and key.isdigit() and len(key) <= 9):
            raise InputError("after/before: not a cursor of this ranking; use one from pageInfo")
        position = int(key)
    else:
        position = -1 if not request.backward else len(ranking)
    if request.backward:
        start = max(0, position - request.size)
        chosen = list(enumerate(ranking))[start:position]
        has_more, came_from_cursor = start > 0, request.cursor is not None
        items = [(Cursor(request.order, str(i), id_of(item)), item) for i, item in chosen]
        return Page(items, has_next=came_from_cursor, has_previous=has_more)
    start = position + 1
    chosen = list(enumerate(ranking))[start : start + request.size]
    items = [(Cursor(request.order, str(i), id_of(item)), item) for i, item in chosen]
    return Page(
        items,
        has_next=start + request.size < len(ranking),
        has_previous=request.cursor is not None,
    )
