"""The change feed's types: each entity's latest change since a cursor."""

from enum import Enum
from typing import cast

import strawberry
from strawberry.scalars import JSON

from graph_service.domain.feed import Change as ChangeRecord
from graph_service.domain.feed import ChangeKind as Kind
from graph_service.domain.feed import ChangePage as PageRecord


@strawberry.enum(description="What a change is to the caller reading the feed.")
class ChangeKind(Enum):
    CREATED = strawberry.enum_value(
        Kind.CREATED.value, description="New to the caller: created, or now visible (published)."
    )
    UPDATED = strawberry.enum_value(Kind.UPDATED.value, description="Some fields changed.")
    REMOVED = strawberry.enum_value(
        Kind.REMOVED.value,
        description="No longer visible to the caller (restricted): drop it; nothing of it is sent.",
    )
    RETIRED = strawberry.enum_value(Kind.RETIRED.value, description="Retired from the graph.")


@strawberry.type(description="An entity's latest change, as the caller may see it.")
class Change:
    cursor: str = strawberry.field(description="Pass as `after` to go on from this change.")
    sequence: int = strawberry.field(
        description="The ordinal of the load run that made the change (1 for the first load)."
    )
    entity: str = strawberry.field(
        description="The entity's file in the import format: reviews, findings, ..."
    )
    id: strawberry.ID
    change: ChangeKind
    fields: list[str] = strawberry.field(
        description="Import-format fields changed since the cursor asked after (every field "
        "when created; may include fields already seen when that cursor fell inside a load)."
    )
    row: JSON | None = strawberry.field(
        description="The entity now, as an import-format row (JSON Lines shape); null when "
        "removed or retired."
    )
    load_run: str | None = strawberry.field(
        description="The load run's id; null for readers, who do not see load runs."
    )

    @classmethod
    def from_domain(cls, change: ChangeRecord) -> "Change":
        return cls(
            cursor=change.cursor,
            sequence=change.sequence,
            entity=change.entity,
            id=strawberry.ID(change.id),
            change=ChangeKind(change.change.value),
            fields=list(change.fields),
            row=cast(JSON, change.row),
            load_run=change.load_run,
        )


@strawberry.type(description="A page of the change feed.")
class ChangePage:
    changes: list[Change]
    cursor: str = strawberry.field(
        description="Pass as `after` for the next page; at the end of the feed, keep it and ask "
        "again later for what changes next."
    )
    has_more: bool = strawberry.field(
        description="More changes follow now. A page may hold fewer than asked for while more "
        "follow, where changes the caller may not see took their place."
    )

    @classmethod
    def from_domain(cls, page: PageRecord) -> "ChangePage":
        return cls(
            changes=[Change.from_domain(change) for change in page.changes],
            cursor=page.cursor,
            has_more=page.has_more,
        )
