"""The change feed's values: where a reader of the feed stands (its cursor) and what changed.

The feed lists each entity once, at its latest change: a position ``(run, kind, id)`` where
``run`` is the ordinal of the load run that last changed it and ``kind`` the entity's place in
load order. Positions are totally ordered and stored with the entities, so a cursor stays
valid across restarts and points at the same place for every caller.
"""

import base64
import binascii
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graph_service.domain.text import unstorable
from graph_service.errors import InputError

_VERSION = "1"
# Sorts after every id (ids use A-Z a-z 0-9 . _ : -): "past every entity of this kind".
PAST_EVERY_ID = "~"
# The largest run a cursor may name: the largest integer every store holds (64-bit signed).
MAX_RUN = 2**63 - 1


class ChangeKind(StrEnum):
    """What a change is to the caller reading it."""

    CREATED = "created"  # new to the caller: created, or now visible to it (published)
    UPDATED = "updated"
    REMOVED = "removed"  # no longer visible to the caller (restricted): nothing of it is sent
    RETIRED = "retired"  # retired from the graph by a load


@dataclass(frozen=True, order=True)
class Position:
    """A place in the feed: the entity ``id`` of ``kind`` (its place in load order) changed in
    ``run``; or, with ``end_of_run``, past everything up to and including ``run``."""

    run: int
    kind: int = 0
    id: str = ""
    end_of_run: bool = False

    def encode(self) -> str:
        text = (
            f"{_VERSION}:{self.run}:end"
            if self.end_of_run
            else f"{_VERSION}:{self.run}:{self.kind}:{self.id}"
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str | None, kinds: int) -> "Position":
        """The position a cursor names; None or empty is the start of the feed."""
        if not cursor:
            return START
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
            version, run_text, *rest = text.split(":", 3)
            run = int(run_text)
            # A run past any store's integers names no run; refused before a statement fails.
            if version != _VERSION or not 0 <= run <= MAX_RUN:
                raise ValueError(text)
            if rest == ["end"]:
                return cls(run, end_of_run=True)
            kind, id_ = int(rest[0]), rest[1]
            # An id no store can carry names no entity; refused before it reaches a statement.
            if not 0 <= kind < kinds or not id_ or unstorable(id_):
                raise ValueError(text)
            return cls(run, kind, id_)
        except (ValueError, IndexError, UnicodeError, binascii.Error):
            raise InputError(
                f"after: {cursor!r} is not a change feed cursor; pass the cursor of a change "
                "or of a page as it was given, or none to start from the beginning"
            ) from None

    def after_id_for(self, kind: int) -> tuple[int, str]:
        """(run, id) such that the changes of ``kind`` after this position are exactly those
        with ``(changedIn, id)`` greater than it."""
        if self.end_of_run or kind < self.kind:
            return self.run, PAST_EVERY_ID
        if kind == self.kind:
            return self.run, self.id
        return self.run, ""

    def since(self, run: int | None) -> bool:
        """Whether a change made in ``run`` may be unknown to a reader at this position: made
        in a later run, or in this run when the reader stopped inside it."""
        if run is None:
            return False
        return run > self.run or (run == self.run and not self.end_of_run)


START = Position(0, end_of_run=True)


@dataclass(frozen=True)
class Change:
    """An entity's latest change, as the caller reading the feed sees it."""

    cursor: str
    sequence: int  # the load run's ordinal
    entity: str  # the import format's file stem, e.g. "reviews"
    id: str
    change: ChangeKind
    fields: tuple[str, ...]  # import-format fields changed since the cursor (all, if created)
    row: dict[str, Any] | None  # the entity now, as an import-format row; None if removed
    load_run: str | None  # the run's id, for callers who may see load runs


@dataclass(frozen=True)
class ChangePage:
    changes: tuple[Change, ...]
    cursor: str  # where to go on from: after the last change listed, or the end of the feed
    has_more: bool
