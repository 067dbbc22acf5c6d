"""The change feed: what was created, updated, removed from view or retired since a cursor,
as one caller may see it.

Each entity appears once, at its latest change. A caller who may not see restricted material
sees a review that became restricted as a removal (its kind and id, nothing else), and one
that was published as a creation with its whole row. Changes of a load run appear once the
run has ended, so a cursor never passes a change still being written.
"""

from dataclasses import dataclass
from typing import Any

from graph_service.domain.feed import Change, ChangeKind, ChangePage, Position
from graph_service.domain.visibility import Visibility
from graph_service.errors import InputError
from graph_service.exchange.links import LINKS
from graph_service.loaders.dataset.schema import BY_STEM
from graph_service.repository.export import EXPORTED, ExportRepository
from graph_service.repository.feed import FeedRepository
from graph_service.store import GraphStore

MAX_PAGE = 1_000

# Each entity's import-format fields, in the order the loader stamps them.
FIELDS = {stem: tuple(BY_STEM[stem].model.model_fields) for stem in EXPORTED}
# The fields that show links, which change for a caller when what they link to is hidden.
LINK_FIELDS = {stem: tuple(sorted({link.field for link in LINKS[stem]})) for stem in EXPORTED}


@dataclass(frozen=True)
class _Candidate:
    position: Position
    stem: str
    facts: dict[str, Any] | None  # None: retired


class ChangeFeed:
    def __init__(self, store: GraphStore) -> None:
        self._feed = FeedRepository(store)
        self._rows = ExportRepository(store)

    async def page(
        self, after: str | None, first: int, visibility: Visibility, *, with_runs: bool
    ) -> ChangePage:
        """Up to ``first`` changes after the cursor ``after`` (None: from the start).

        A page may hold fewer changes than ``first`` while more follow (changes the caller
        may not see take their place); ``has_more`` says whether to ask again.
        """
        if not 1 <= first <= MAX_PAGE:
            raise InputError(f"first: {first} is out of range; ask for 1 to {MAX_PAGE:,} changes")
        position = Position.decode(after, len(EXPORTED))
        up_to = await self._feed.settled()
        candidates = await self._candidates(position, up_to, first + 1, visibility)
        has_more = len(candidates) > first
        listed = candidates[:first]
        rows = await self._visible_rows(listed, visibility)
        runs = await self._feed.run_ids(c.position.run for c in listed) if with_runs else {}
        changes = [
            change
            for candidate in listed
            if (change := self._change(candidate, position, rows, visibility, runs)) is not None
        ]
        if has_more:
            resume = listed[-1].position
        else:
            resume = Position(max(up_to, position.run), end_of_run=True)
        return ChangePage(tuple(changes), resume.encode(), has_more)

    async def _candidates(
        self, position: Position, up_to: int, limit: int, visibility: Visibility
    ) -> list[_Candidate]:
        """The first ``limit`` positions after ``position``, over every kind, in feed order."""
        found: list[_Candidate] = []
        for kind, stem in enumerate(EXPORTED):
            after = position.after_id_for(kind)
            for row in await self._feed.changed(stem, after, up_to, limit, visibility):
                at = Position(int(row["changedIn"]), kind, str(row["id"]))
                found.append(_Candidate(at, stem, row))
            for row in await self._feed.retired(stem, after, up_to, limit, visibility):
                at = Position(int(row["changedIn"]), kind, str(row["id"]))
                found.append(_Candidate(at, stem, None))
        found.sort(key=lambda candidate: candidate.position)
        return found[:limit]

    async def _visible_rows(
        self, listed: list[_Candidate], visibility: Visibility
    ) -> dict[tuple[str, str], dict[str, Any]]:
        wanted: dict[str, list[str]] = {}
        for candidate in listed:
            if candidate.facts is not None and _visible(candidate.facts, visibility):
                wanted.setdefault(candidate.stem, []).append(candidate.position.id)
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for stem, ids in wanted.items():
            for id_, row in (await self._rows.rows(stem, ids, visibility)).items():
                rows[(stem, id_)] = row
        return rows

    def _change(
        self,
        candidate: _Candidate,
        position: Position,
        rows: dict[tuple[str, str], dict[str, Any]],
        visibility: Visibility,
        runs: dict[int, str],
    ) -> Change | None:
        at, stem, facts = candidate.position, candidate.stem, candidate.facts

        def change(kind: ChangeKind, fields: tuple[str, ...], row: dict[str, Any] | None) -> Change:
            return Change(
                cursor=at.encode(),
                sequence=at.run,
                entity=stem,
                id=at.id,
                change=kind,
                fields=fields,
                row=row,
                load_run=runs.get(at.run),
            )

        if facts is None:
            return change(ChangeKind.RETIRED, (), None)
        if not _visible(facts, visibility):
            return change(ChangeKind.REMOVED, (), None)
        row = rows.get((stem, at.id))
        if row is None:
            return None  # hidden since it was listed: its new position comes with that change
        appeared = position.since(facts["createdIn"]) or (
            not visibility.include_restricted and position.since(facts["publicSince"])
        )
        if appeared:
            return change(ChangeKind.CREATED, FIELDS[stem], row)
        # Never left out, even with no field changed for this caller (its review's
        # restriction, seen through by an analyst): a caller that read past the entity's
        # earlier place after it moved here has it only from this entry.
        return change(ChangeKind.UPDATED, _changed_fields(stem, facts, position), row)


def _visible(facts: dict[str, Any], visibility: Visibility) -> bool:
    return visibility.include_restricted or not facts["restricted"]


def _changed_fields(stem: str, facts: dict[str, Any], position: Position) -> tuple[str, ...]:
    stamped = facts["fieldChangedIn"]
    if stamped is None or len(stamped) != len(FIELDS[stem]):
        return FIELDS[stem]  # written before fields were stamped: assume all changed
    fields = zip(FIELDS[stem], stamped, strict=True)
    changed = {field for field, run in fields if position.since(run)}
    if position.since(facts["linksChangedIn"]):
        changed.update(LINK_FIELDS[stem])
    return tuple(field for field in FIELDS[stem] if field in changed)
