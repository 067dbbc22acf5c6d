"""The FastAPI application: health probes, the GraphQL endpoint behind its gate, and the
workbench pages over it."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from graph_service import __version__
from graph_service.api.assets import Assets
from graph_service.api.budgets import open_budgets
from graph_service.api.context import Context
from graph_service.api.errors import UNAVAILABLE_MESSAGE
from graph_service.api.exchange import CHANGES_PATH, EXPORT_PATH, exchange_router
from graph_service.api.gate import Gate
from graph_service.api.graphiql import graphiql_page
from graph_service.api.headers import SecurityHeaders
from graph_service.api.iris import IRI_PREFIX, iri_router
from graph_service.api.persisted import PersistedQueries
from graph_service.api.router import Router
from graph_service.api.schema import build_schema
from graph_service.api.services import Services
from graph_service.auth import Authenticator
from graph_service.config import Settings
from graph_service.domain.access import Principal
from graph_service.errors import StoreUnavailableError
from graph_service.store import GRAPH_SCHEMA, GraphStore, open_store
from graph_service.workbench.pages import workbench_router

log = logging.getLogger(__name__)

GRAPHQL_PATH = "/graphql"
# The files the GraphiQL page loads; outside the gate (its path is GRAPHQL_PATH exactly).
STATIC_PATH = f"{GRAPHQL_PATH}/static"


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The service. With ``store`` given the caller owns it; otherwise it is opened here.

    Who may see what follows from the caller's credentials (docs/security.md): without any,
    requests are refused unless the settings allow anonymous reading of published material.
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
            services = Services.over(
                active,
                reference_cache_s=settings.reference_cache_seconds,
                compose_reads=settings.compose_reads,
            )
            app.state.services = services
            app.state.authenticator = Authenticator(settings, services.keys, audit=services.audit)
            app.state.authenticate = app.state.authenticator.authenticate
            budgets = await open_budgets(settings, active.key_space())
            try:
                app.state.budgets = budgets
                log.info("serving %s", active.description)
                yield
            finally:
                await budgets.close()
        finally:
            if owned:
                await active.close()

    app = FastAPI(
        title="Learning graph service",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )

    # Dependencies are coroutines: FastAPI runs plain functions in a thread pool, a hand-off
    # that costs more than what they do.
    async def services(request: Request) -> Services:
        found: Services = request.app.state.services
        return found

    async def context(request: Request, svc: Annotated[Services, Depends(services)]) -> Context:
        # The gate sets the caller on every request but the GraphiQL page's.
        principal: Principal | None = getattr(request.state, "principal", None)
        return Context(svc, principal)

    assets = Assets.of_package(STATIC_PATH) if settings.graphiql else None
    schema = build_schema(
        introspection=settings.introspection,
        request_timeout_ms=settings.request_timeout_ms,
    )
    router = Router(
        schema,
        context_getter=context,
        ide_page=graphiql_page(assets) if assets else None,
        persisted_queries=PersistedQueries(
            schema, mode=settings.persisted_queries, max_query_bytes=settings.max_body_bytes
        ),
        subscription_protocols=(),  # no WebSocket route: every operation passes the gate
    )
    app.include_router(router, prefix=GRAPHQL_PATH)
    if assets:
        app.add_api_route(
            STATIC_PATH + "/{name:path}", assets.serve, methods=["GET"], include_in_schema=False
        )

    app.include_router(workbench_router(schema, settings))
    app.include_router(exchange_router(settings.public_url))
    app.include_router(iri_router(settings.public_url))

    @app.get("/healthz", summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="The graph store answers", response_model=None)
    async def readyz(svc: Annotated[Services, Depends(services)]) -> JSONResponse:
        try:
            await svc.store.ping()
        except StoreUnavailableError as exc:
            log.warning("not ready: %s", exc.message)
            return JSONResponse(
                {"status": "unavailable", "reason": UNAVAILABLE_MESSAGE}, status_code=503
            )
        return JSONResponse({"status": "ready"})

    # Added last runs first: headers on everything, CORS answering pre-flights, then the gate.
    app.add_middleware(
        Gate,
        path=GRAPHQL_PATH,
        max_body_bytes=settings.max_body_bytes,
        guarded=(EXPORT_PATH, CHANGES_PATH),
        guarded_prefixes=(IRI_PREFIX,),
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders)
    return app
