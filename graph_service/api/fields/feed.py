"""The change feed, for systems that keep a copy of what they may see up to date."""

import strawberry

from graph_service.api.info import Info
from graph_service.api.types.feed import ChangePage
from graph_service.domain.access import Role
from graph_service.domain.paging import MAX_PAGE_SIZE
from graph_service.errors import InputError

DEFAULT_CHANGES = 100


@strawberry.type
class FeedQuery:
    @strawberry.field(
        description="What was created, updated, removed from your view or retired since a "
        "cursor, each entity once at its latest change, in a stable order: replaying the feed "
        "from the start gives what you may see. Changes of a load appear once it has ended. "
        "Cursors stay valid across restarts. The same feed as NDJSON: GET /changes."
    )
    async def changes(
        self,
        info: Info,
        after: str | None = None,
        first: int = DEFAULT_CHANGES,
    ) -> ChangePage:
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise InputError(f"first: {first} is out of range; ask for 1 to {MAX_PAGE_SIZE}")
        context = info.context
        page = await context.services.feed.page(
            after,
            first,
            context.visibility,
            with_runs=context.principal.role.includes(Role.ANALYST),
        )
        return ChangePage.from_domain(page)
