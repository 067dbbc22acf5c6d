"""How uvicorn serves the API: its configuration, and stopping cleanly on Ctrl+C."""

import asyncio
import logging
from types import FrameType

import uvicorn
from starlette.types import ASGIApp

from graph_service.api.app import create_app
from graph_service.cli.output import err
from graph_service.config import Settings
from graph_service.store import GRAPH_SCHEMA, open_store

log = logging.getLogger(__name__)


def serve_api(settings: Settings) -> None:
    """Open the store, make sure its schema is there, and serve until Ctrl+C."""
    log.info("settings: %s", settings.describe())
    url = f"http://{settings.host}:{settings.port}/graphql"

    async def run() -> None:
        # The store is opened here, not in the app's start-up, so that a store that cannot
        # be reached is one clear error line rather than a server's start-up traceback.
        store = await open_store(settings)
        try:
            await store.apply_schema(GRAPH_SCHEMA)
            config = server_config(settings, create_app(settings, store=store))
            err.print(f"GraphiQL: [bold]{url}[/bold]  (Ctrl+C stops the service)")
            await _Server(config).serve()
        finally:
            await store.close()

    asyncio.run(run())


def server_config(settings: Settings, app: ASGIApp) -> uvicorn.Config:
    """How uvicorn serves ``app``. ``X-Forwarded-For`` is read only from the proxies the
    settings name: trusting a local address by default would let any process on the machine
    give itself a new address per request, escaping the per-address limits."""
    trusted = settings.forwarded_allow_ips.strip()
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_level=settings.log_level.lower(),
    )


class _Server(uvicorn.Server):
    """uvicorn shuts down gracefully on Ctrl+C, then raises the signal again, which would
    cancel the clean-up that follows (closing the store, stopping the embedded server).
    Ctrl+C is how the service is meant to stop: forget the signal once it has been handled."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self._captured_signals.clear()
