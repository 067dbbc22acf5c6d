"""Linked learning for other systems over HTTP: the bulk export, streamed as it is read.

Behind the gate like ``/graphql``: a caller needs a credential, and gets what its role may
see. Exports are long, so each process serves a few at a time and refuses more with 429.
"""

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response, StreamingResponse

from graph_service.api.errors import refusal
from graph_service.domain.access import Principal
from graph_service.errors import InputError
from graph_service.exchange.archive import zip_stream
from graph_service.exchange.dataset import ExportDescription
from graph_service.exchange.formats import format_named
from graph_service.services.exporting import ExportService

EXPORT_PATH = "/export"
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
        if running.locked():
            return refusal(
                429,
                "RATE_LIMITED",
                f"{MAX_EXPORTS} exports are already running; retry in {RETRY_EXPORT_S} s",
                {"Retry-After": str(RETRY_EXPORT_S)},
            )
        await running.acquire()
        exporting: ExportService = request.app.state.services.exporting
        about = ExportDescription(
            name="learning graph export",
            description=f"what the role {principal.role.value} may see",
            source=str(request.url),
            iri_base=iri_base,
        )
        members = exporting.members(format_, principal.visibility, about)
        body = zip_stream(members) if format_.several_files else _only_file(members)
        return StreamingResponse(
            _released(body, running),
            media_type=format_.media_type,
            headers={
                "Content-Disposition": f'attachment; filename="learning-graph{format_.suffix}"',
                "Cache-Control": "no-store",
            },
        )

    return router


async def _only_file(members: AsyncIterator[tuple[str, bytes]]) -> AsyncIterator[bytes]:
    async for _, chunk in members:
        yield chunk


async def _released(body: AsyncIterator[bytes], running: asyncio.Semaphore) -> AsyncIterator[bytes]:
    """The body, releasing the export's place when it ends, fails or the client goes away."""
    try:
        async for chunk in body:
            yield chunk
    finally:
        running.release()
