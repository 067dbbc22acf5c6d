"""Linked learning for other systems over HTTP: the bulk export, streamed as it is read, and
the change feed as NDJSON.

Behind the gate like ``/graphql``: a caller gets what its role may see, and an export needs a
credential. Exports are long, so each process serves a few at a time and refuses more with 429.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from graph_service.api.errors import UNAVAILABLE_MESSAGE, refusal
from graph_service.domain.access import Principal, Role
from graph_service.domain.feed import ChangePage
from graph_service.errors import InputError, StoreUnavailableError
from graph_service.exchange.archive import only_file, zip_stream
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.services.exporting import ExportService
from graph_service.services.feed import MAX_PAGE, ChangeFeed

EXPORT_PATH = "/export"
CHANGES_PATH = "/changes"
FEED_CURSOR_HEADER = "Change-Feed-Cursor"
DEFAULT_CHANGES = 1_000
# Exports running at once in one process; more wait for none of them and are refused.
MAX_EXPORTS = 2
RETRY_EXPORT_S = 30


def exchange_router(iri_base: str) -> APIRouter:
    """``iri_base`` (settings.public_url) names the nodes of a JSON-LD export."""
    router = APIRouter()
    running = asyncio.Semaphore(MAX_EXPORTS)

    @router.get(EXPORT_PATH, include_in_schema=False, response_model=None)
    async def export(
        request: Request,
        format_name: Annotated[str, Query(alias="format")] = "dataset",
    ) -> Response:
        principal: Principal = request.state.principal
        if principal.kind == "anonymous":
            return refusal(
                401,
                "UNAUTHENTICATED",
                "a bulk export needs a credential: send 'Authorization: Bearer <API key or token>'",
                {"WWW-Authenticate": 'Bearer realm="learning-graph"'},
            )
        try:
            format_ = format_named(format_name)
        except InputError as unknown:
            return refusal(400, unknown.code, f"format: {unknown.message}")
        exporting: ExportService = request.app.state.services.exporting
        try:
            feed_cursor = await exporting.feed_cursor()
        except StoreUnavailableError as unavailable:
            return refusal(503, unavailable.code, UNAVAILABLE_MESSAGE)
        about = ExportDescription(
            name="learning graph export",
            description=f"what the role {principal.role.value} may see",
            source=str(request.url),
            iri_base=iri_base,
            feed_cursor=feed_cursor,
        )
        if running.locked():
            return refusal(
                429,
                "RATE_LIMITED",
                f"{MAX_EXPORTS} exports are already running; retry in {RETRY_EXPORT_S} s",
                {"Retry-After": str(RETRY_EXPORT_S)},
            )
        # Nothing awaited since the check: the place is free.
        await running.acquire()
        members = exporting.members(format_, principal.visibility, about)
        body = zip_stream(members) if format_.several_files else only_file(members)
        return _ExportResponse(
            body,
            running,
            media_type=format_.media_type,
            headers={
                "Content-Disposition": f'attachment; filename="learning-graph{format_.suffix}"',
                "Cache-Control": "no-store",
                # Follow the change feed from here to keep a copy made from this export current.
                FEED_CURSOR_HEADER: feed_cursor,
            },
        )

    @router.get(CHANGES_PATH, include_in_schema=False, response_model=None)
    async def changes(
        request: Request,
        after: str | None = None,
        first: str = str(DEFAULT_CHANGES),
    ) -> Response:
        principal: Principal = request.state.principal
        feed: ChangeFeed = request.app.state.services.feed
        try:
            page = await feed.page(
                after,
                _page_size(first),
                principal.visibility,
                with_runs=principal.role.includes(Role.ANALYST),
            )
        except InputError as bad:
            return refusal(400, bad.code, bad.message)
        except StoreUnavailableError as unavailable:
            return refusal(503, unavailable.code, UNAVAILABLE_MESSAGE)
        return Response(ndjson(page), media_type="application/x-ndjson")

    return router


def _page_size(text: str) -> int:
    # ASCII digits only: str.isdigit() takes "²", which int() refuses.
    if not (text.isascii() and text.isdigit()):
        raise InputError(f"first: {text!r} is not a number; ask for 1 to {MAX_PAGE:,} changes")
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(MAX_PAGE)):  # out of range, and int() refuses thousands of digits
        raise InputError(
            f"first: {len(digits):,} digits is out of range; ask for 1 to {MAX_PAGE:,}"
        )
    return int(digits)


def ndjson(page: ChangePage) -> bytes:
    """One line per change (the fields of the GraphQL ``Change``), then a line saying where to
    go on from."""
    lines = [
        json.dumps(
            {
                "change": {
                    "cursor": change.cursor,
                    "sequence": change.sequence,
                    "entity": change.entity,
                    "id": change.id,
                    "change": change.change.value,
                    "fields": list(change.fields),
                    "row": change.row,
                    "loadRun": change.load_run,
                }
            },
            ensure_ascii=False,
        )
        for change in page.changes
    ]
    lines.append(json.dumps({"next": {"cursor": page.cursor, "hasMore": page.has_more}}))
    return ("\n".join(lines) + "\n").encode()


class _ExportResponse(StreamingResponse):
    """A streamed export that gives its place back however it ends: sent, failed, or the
    client gone before or while it was sent."""

    def __init__(
        self, body: AsyncIterator[bytes], place: asyncio.Semaphore, **options: Any
    ) -> None:
        super().__init__(body, **options)
        self._place = place

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._place.release()
