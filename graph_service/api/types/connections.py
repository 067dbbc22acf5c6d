"""Relay cursor connections: edges, page info, and a total counted only when asked for."""

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry

from graph_service.domain.paging import Page

T = TypeVar("T")

# The `first`/`last` argument of every connection field.
PageSize = Annotated[
    int | None, strawberry.argument(description="Page size, 0 to 100 (default 20).")
]


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="An item of a page, with the cursor that points just after it.")
class Edge[T]:
    cursor: str
    node: T


@strawberry.type(description="One page of a list. Lists are ordered; cursors survive new data.")
class Connection[T]:
    edges: list[Edge[T]]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="The items of this page, without their cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many items the whole list holds (one extra statement).")
    async def total_count(self) -> int:
        return await self.counter()

    @classmethod
    def of[N, S](
        cls,
        page: Page[N],
        convert: Callable[[N], S],
        counter: Callable[[], Awaitable[int]] | int,
    ) -> "Connection[S]":
        """``counter`` counts the whole list when asked, or is its length, already known."""
        edges = [Edge(cursor=cursor.encode(), node=convert(item)) for cursor, item in page.items]
        info = PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        if isinstance(counter, int):
            counter = _known(counter)
        return Connection(edges=edges, page_info=info, counter=counter)


def _known(total: int) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        return total

    return count
