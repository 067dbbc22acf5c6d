"""The FastAPI application: health probes and the GraphQL endpoint."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from graph_service import __version__
from graph_service.api.context import Context
from graph_service.api.graphiql import Router
from graph_service.api.schema import build_schema
from graph_service.api.services import Services
from graph_service.config import Settings
from graph_service.domain.visibility import PUBLIC, Visibility
from graph_service.errors import StoreUnavailableError
from graph_service.store import GRAPH_SCHEMA, GraphStore, open_store

log = logging.getLogger(__name__)


def create_app(
    settings: Settings, store: GraphStore | None = None, visibility: Visibility = PUBLIC
) -> FastAPI:
    """The service. With ``store`` given the caller owns it; otherwise it is opened here.

    ``visibility`` is what every caller may see: published, unrestricted material by default.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        active = store or await open_store(settings)
        try:
            if owned:
                created = await active.apply_schema(GRAPH_SCHEMA)
                if created:
                    log.info("created %d constraints and indexes", len(created))
            app.state.services = Services.over(active)
            log.info("serving %s", active.description)
            yield
        finally:
            if owned:
                await active.close()

    app = FastAPI(
        title="Learning graph service",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )

    # Dependencies are coroutines: FastAPI runs plain functions in a thread pool, a hand-off
    # that costs more than what they do.
    async def services(request: Request) -> Services:
        found: Services = request.app.state.services
        return found

    async def context(svc: Annotated[Services, Depends(services)]) -> Context:
        return Context(svc, visibility)

    router = Router(build_schema(), context_getter=context, graphql_ide="graphiql")
    app.include_router(router, prefix="/graphql")

    @app.get("/healthz", summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="The graph store answers", response_model=None)
    async def readyz(svc: Annotated[Services, Depends(services)]) -> JSONResponse:
        try:
            await svc.store.ping()
        except StoreUnavailableError as exc:
            return JSONResponse({"status": "unavailable", "reason": exc.message}, status_code=503)
        return JSONResponse({"status": "ready", "store": svc.store.description})

    return app
